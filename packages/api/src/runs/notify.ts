import { sql } from "drizzle-orm";
import type { Db } from "../db/database.js";
import type { RunStatus } from "./status.js";

/** The PostgreSQL channel that carries {@link RunChange}s. */
export const RUN_CHANNEL = "barrage_run";

/**
 * The payload of a `barrage_run` notification. Deliberately small (pg_notify caps payloads at
 * 8000 bytes, and reasons can be long script errors): listeners read the rest from the database.
 */
export interface RunChange {
  runId: number;
  organizationId: number;
  status: RunStatus;
}

/**
 * Tells listeners of `barrage_run` that a run changed. PostgreSQL delivers the notification when
 * the surrounding transaction commits and drops it on rollback, so call it inside the transaction
 * that made the change.
 */
export async function notifyRunChanged(db: Db, change: RunChange): Promise<void> {
  await db.execute(sql`select pg_notify(${RUN_CHANNEL}, ${JSON.stringify(change)})`);
}
