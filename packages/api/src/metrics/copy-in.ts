import { finished } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

/**
 * Runs `COPY ... FROM STDIN` on `client` with `data` (e.g. {@link BinaryCopy}'s) and resolves with the
 * number of rows copied once the server has them, or rejects with the server's error (which, inside a
 * transaction, aborts it).
 *
 * @example const rows = await copyIn(client, "copy t (id) from stdin (format binary)", copy.finish());
 */
export async function copyIn(client: pg.ClientBase, text: string, data: Buffer): Promise<number> {
  const stream = client.query(copyFrom(text));
  stream.end(data);
  await finished(stream);
  return stream.rowCount;
}
