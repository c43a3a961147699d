import { drizzle, type NodePgDatabase, type NodePgQueryResultHKT } from "drizzle-orm/node-postgres";
import type { PgDatabase } from "drizzle-orm/pg-core";
import type pg from "pg";

/**
 * A drizzle handle on the database, or a transaction of one. Functions that must be atomic call
 * `db.transaction()` on it: on a pool-backed handle that opens a transaction, inside a transaction
 * a savepoint, so they compose with a caller's transaction.
 */
export type Db = PgDatabase<NodePgQueryResultHKT>;

/**
 * Wraps a node-postgres pool (or a client that is not inside a transaction) for typed queries.
 *
 * @example
 * const db = createDb(pool);
 * await transitionRun(db, runId, "VALIDATED", null);
 */
export function createDb(client: pg.Pool | pg.PoolClient): NodePgDatabase {
  return drizzle({ client });
}
