import { sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";

/** What an agent of a private zone reports with each heartbeat. */
export interface ZoneHeartbeat {
  version: string;
  capacityVus: number;
}

/**
 * Records a heartbeat of a (not revoked) agent: seen now, online again if it had said goodbye, its
 * version and capacity. Answers the instances it holds that the platform released meanwhile: the
 * agent stops working on them (release never touches the user's machine otherwise). The bootstrap
 * tokens of its jobs whose instance has called home are dropped on the way: they are spent.
 *
 * @returns the released instances the agent still holds, or undefined when the agent is revoked
 */
export async function recordHeartbeat(
  db: Db,
  agentId: number,
  beat: ZoneHeartbeat,
): Promise<{ cancel: number[] } | undefined> {
  return db.transaction(async (tx) => {
    const seen = await tx.execute(sql`
      update zone_agents
         set last_seen_at = now(), offline_at = null, version = ${beat.version}, capacity_vus = ${beat.capacityVus}
       where id = ${agentId} and revoked_at is null
      returning id`);
    if (seen.rows.length === 0) return undefined;
    await tx.execute(sql`
      update zone_jobs j set bootstrap_token = null
        from run_instances i
       where i.id = j.instance_id and j.agent_id = ${agentId} and j.bootstrap_token is not null
         and i.state not in ('REQUESTED', 'STARTING')`);
    const { rows } = await tx.execute<{ instance_id: string }>(sql`
      select instance_id from zone_jobs
       where agent_id = ${agentId} and closed_at is null and released_at is not null
       order by instance_id`);
    return { cancel: rows.map((row) => Number(row.instance_id)) };
  });
}
