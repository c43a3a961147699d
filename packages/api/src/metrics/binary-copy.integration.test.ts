import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BinaryCopy } from "./binary-copy.js";
import { copyIn } from "./copy-in.js";

const client = new pg.Client({
  connectionString: process.env.DATABASE_URL ?? "postgres://root@127.0.0.1:5432/test",
});
beforeAll(async () => {
  await client.connect();
  await client.query(
    "create temporary table copied (i2 int2, i4 int4, i8 int8, f8 float8, at timestamptz, b bytea, a int2[], c int4[])",
  );
});
afterAll(() => client.end());

describe("BinaryCopy with copyIn", () => {
  it("is read by PostgreSQL as the same values, nulls, extremes and microseconds included", async () => {
    // Larger than the initial buffer, so that it grows mid-row.
    const blob = Buffer.alloc(100_000, 7);
    const copy = new BinaryCopy(64);
    const at = Date.UTC(2026, 10, 28, 12, 0, 0, 123) + 0.456;
    copy.row(8);
    copy.number("int2", -32768);
    copy.number("int4", 2 ** 31 - 1);
    copy.number("int8", -(2 ** 53 - 1));
    copy.number("float8", Math.PI);
    copy.timestamp(at);
    copy.bytes(blob);
    copy.array("int2", [1, -2, 3]);
    copy.array("int4", []);
    copy.row(8);
    for (const _ of [1, 2, 3, 4]) copy.number("int8", null);
    copy.timestamp(Date.UTC(1999, 11, 31, 23, 59, 59));
    copy.bytes(undefined);
    copy.array("int2", null);
    copy.array("int4", [2 ** 31 - 1]);

    expect(await copyIn(client, "copy copied from stdin (format binary)", copy.finish())).toBe(2);
    const { rows } = await client.query(
      `select i2, i4, i8::text, f8, to_char(at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') as at, b, a, c
         from copied order by i2 nulls last`,
    );
    expect(rows).toEqual([
      {
        i2: -32768,
        i4: 2 ** 31 - 1,
        i8: String(-(2 ** 53 - 1)),
        f8: Math.PI,
        at: "2026-11-28 12:00:00.123456",
        b: blob,
        a: [1, -2, 3],
        c: [],
      },
      {
        i2: null,
        i4: null,
        i8: null,
        f8: null,
        at: "1999-12-31 23:59:59.000000",
        b: null,
        a: null,
        c: [2 ** 31 - 1],
      },
    ]);
  });

  it("rejects with the server's error and leaves the connection usable", async () => {
    const copy = new BinaryCopy();
    copy.row(1);
    copy.number("int8", 1);
    await expect(
      copyIn(client, "copy copied (i2) from stdin (format binary)", copy.finish()),
    ).rejects.toThrow(/incorrect binary data format/);
    expect((await client.query("select 1 as one")).rows).toEqual([{ one: 1 }]);
  });
});
