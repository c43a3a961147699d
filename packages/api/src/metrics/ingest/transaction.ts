import type pg from "pg";

/** Deadlock and serialization failures: the transaction did nothing and may simply run again. */
const RETRYABLE = new Set(["40P01", "40001"]);

/** The SQLSTATE of a node-postgres error, or undefined for any other error. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Runs `work` in one transaction on a pooled connection: COMMIT when it resolves, ROLLBACK when it
 * throws. A deadlock or serialization failure runs it again (at most `attempts` times in all), since
 * concurrent batches of one run lock the same series rows and PostgreSQL may pick this one to abort.
 *
 * @example
 * const id = await withTransaction(pool, async (client) => (await client.query("...")).rows[0].id);
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  attempts = 3,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      try {
        await client.query("ROLLBACK");
      } catch (rollbackError) {
        // The connection is unusable: release() with an error closes it instead of pooling it.
        broken = rollbackError as Error;
      }
      if (attempt >= attempts || !RETRYABLE.has(sqlState(error) ?? "")) throw error;
    } finally {
      client.release(broken);
    }
  }
}
