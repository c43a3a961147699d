import { sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";

/**
 * Releases the jobs of run instances: a job no agent took leaves the queue, and an agent holding
 * one learns from its next heartbeat's answer that it must stop working on it; the platform never
 * reaches into the user's machine otherwise. Tokens are dropped. Releasing again changes nothing.
 */
export async function releaseJobs(db: Db, instanceIds: readonly number[]): Promise<void> {
  if (instanceIds.length === 0) return;
  await db.execute(sql`
    update zone_jobs set released_at = coalesce(released_at, now()), bootstrap_token = null
     where instance_id in ${instanceIds}`);
}
