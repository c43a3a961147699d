import { sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { refreshWaitingReason } from "./waiting-reason.js";

/** A job handed to an agent: the instance to run and the one-time token it calls home with. */
export interface WorkOffer {
  runId: number;
  instanceId: number;
  bootstrapToken: string;
}

/** The agent asking for work was revoked (the check and the claim share the agent's row lock). */
export class ZoneAgentRevokedError extends Error {
  override readonly name = "ZoneAgentRevokedError";
}

/**
 * An idle agent asks for work (`GET /agent/v1/zone/work`), in one transaction under its row lock:
 *
 * 1. it is seen now, and online again if it had said goodbye;
 * 2. it is done with every job it held whose instance called home or was released (asking for work
 *    means it is not working on them), which makes it IDLE;
 * 3. a job it took but never called home for (the answer was lost, or it restarted) is offered
 *    again with the same token;
 * 4. else it takes the zone's oldest waiting job whose VUs fit its capacity (`skip locked`: agents
 *    polling at once take different jobs), and the run's waiting reason is brought up to date.
 *
 * @returns the job, or undefined when there is none
 * @throws ZoneAgentRevokedError when the agent was revoked
 */
export async function takeWork(
  db: Db,
  agent: { agentId: number; zoneId: number; capacityVus: number },
): Promise<WorkOffer | undefined> {
  return db.transaction(async (tx) => {
    const seen = await tx.execute(sql`
      update zone_agents set last_seen_at = now(), offline_at = null
       where id = ${agent.agentId} and revoked_at is null
      returning id`);
    if (seen.rows.length === 0) throw new ZoneAgentRevokedError(`agent ${agent.agentId} was revoked`);
    await tx.execute(sql`
      update zone_jobs j set closed_at = now(), bootstrap_token = null
        from run_instances i
       where i.id = j.instance_id and j.agent_id = ${agent.agentId} and j.closed_at is null
         and (j.released_at is not null or i.state not in ('REQUESTED', 'STARTING'))`);
    const held = await tx.execute<JobRow>(sql`
      select instance_id, run_id, bootstrap_token from zone_jobs
       where agent_id = ${agent.agentId} and closed_at is null and bootstrap_token is not null
       order by claimed_at limit 1`);
    const again = held.rows[0];
    if (again) return toOffer(again);
    const claimed = await tx.execute<JobRow>(sql`
      update zone_jobs set agent_id = ${agent.agentId}, claimed_at = now()
       where instance_id = (
         select instance_id from zone_jobs
          where load_zone_id = ${agent.zoneId} and agent_id is null and released_at is null
            and bootstrap_token is not null and vus <= ${agent.capacityVus}
          order by created_at, instance_id
          limit 1 for update skip locked)
      returning instance_id, run_id, bootstrap_token`);
    const job = claimed.rows[0];
    if (!job) return undefined;
    await tx.execute(sql`
      update run_instances set detail = detail - 'waiting' where id = ${job.instance_id} and detail ? 'waiting'`);
    await refreshWaitingReason(tx, Number(job.run_id));
    return toOffer(job);
  });
}

type JobRow = { instance_id: string; run_id: string; bootstrap_token: string };

function toOffer(row: JobRow): WorkOffer {
  return {
    runId: Number(row.run_id),
    instanceId: Number(row.instance_id),
    bootstrapToken: row.bootstrap_token,
  };
}
