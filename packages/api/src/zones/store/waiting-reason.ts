import { sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { AGENT_HOLDS_JOB, AGENT_ONLINE } from "../agent-state.js";

/**
 * What an instance no agent took yet says about itself (`run_instances.detail.waiting`), so that the
 * coordinator, when the ready deadline passes, says why the run could not start.
 */
export function waitingDetail(zoneName: string): string {
  return `private zone "${zoneName}" lacked agents: no idle agent took this instance`;
}

/**
 * Sets the reason of an INITIALIZING run to what its private zones wait for, e.g. `waiting for 2
 * more agents in private zone "office" (1 online, 1 idle)`, or clears it once every instance found
 * an agent. The run's row lock serialises the agents taking its jobs, so the counts each writes
 * include the others' jobs. A run in any other status is left alone: its reason is someone else's.
 */
export async function refreshWaitingReason(db: Db, runId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const locked = await tx.execute<{ status: string }>(
      sql`select status from test_runs where id = ${runId} for update`,
    );
    if (locked.rows[0]?.status !== "INITIALIZING") return;
    const { rows } = await tx.execute<{ name: string; waiting: number; online: number; idle: number }>(sql`
      select z.name, w.waiting,
             (select count(*)::int from zone_agents a where a.load_zone_id = z.id and ${AGENT_ONLINE}) as online,
             (select count(*)::int from zone_agents a
               where a.load_zone_id = z.id and ${AGENT_ONLINE} and not ${AGENT_HOLDS_JOB}) as idle
        from (select load_zone_id, count(*)::int as waiting from zone_jobs
               where run_id = ${runId} and agent_id is null and released_at is null
               group by load_zone_id) w
        join load_zones z on z.id = w.load_zone_id
       order by z.name`);
    const reasons = rows.flatMap(({ name, waiting, online, idle }) => {
      const more = waiting - idle;
      if (more <= 0) return [];
      return [
        `waiting for ${more} more agent${more === 1 ? "" : "s"} in private zone "${name}" (${online} online, ${idle} idle)`,
      ];
    });
    const reason = reasons.length > 0 ? reasons.join("; ") : null;
    await tx.execute(sql`
      update test_runs set status_reason = ${reason} where id = ${runId} and status_reason is distinct from ${reason}`);
  });
}
