import { sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { notifyZoneWork } from "../channel.js";
import { refreshWaitingReason, waitingDetail } from "./waiting-reason.js";

/** An instance of a run to queue in its private zone, with its one-time call-home token. */
export interface JobToQueue {
  instanceId: number;
  bootstrapToken: string;
}

/**
 * Queues run instances in their private zones for agents to take, in one transaction: each job
 * holds the instance's bootstrap token (for the agent port to hand over) and its VUs (from the
 * run's plan, so that only agents with the capacity take it); each instance says what it waits for;
 * the run's waiting reason is set; and the zones' agents are woken. Zones are the instances' own,
 * as the plan resolved them within the run's organization; an instance of another run, of a zone
 * that is not private, or of another organization's zone is refused, so no run can reach into a
 * zone that is not its organization's.
 *
 * Queueing again (a retried allocate step, with new tokens) replaces the token and takes the job
 * back from an agent that had it, whose old token the call-home route now refuses.
 *
 * @throws Error naming the instances that cannot be queued
 */
export async function queueJobs(db: Db, runId: number, jobs: readonly JobToQueue[]): Promise<void> {
  if (jobs.length === 0) return;
  await db.transaction(async (tx) => {
    const { rows } = await tx.execute<{
      instance_id: string;
      zone_id: string;
      zone_name: string;
      private: boolean;
      same_organization: boolean;
    }>(sql`
      select i.id as instance_id, z.id as zone_id, z.name as zone_name, z.provider = 'private' as private,
             z.organization_id is not distinct from t.organization_id as same_organization
        from run_instances i
        join load_zones z on z.id = i.load_zone_id
        join test_runs t on t.id = i.run_id
       where i.run_id = ${runId} and i.id in ${jobs.map((job) => job.instanceId)}`);
    const found = new Map(rows.map((row) => [Number(row.instance_id), row]));
    const refused = jobs.filter(({ instanceId }) => {
      const row = found.get(instanceId);
      return !row?.private || !row.same_organization;
    });
    if (refused.length > 0)
      throw new Error(
        `cannot queue instances ${refused.map((job) => job.instanceId).join(", ")} of run ${runId} in a private zone: ` +
          "each must be an instance of this run in a private zone of the run's organization",
      );
    await tx.execute(sql`
      insert into zone_jobs (instance_id, run_id, load_zone_id, vus, bootstrap_token)
      select i.id, i.run_id, i.load_zone_id,
             coalesce((select (e->>'vus')::int from jsonb_array_elements(coalesce(t.plan->'instances', '[]'::jsonb)) e
                        where e->>'segment' = i.segment and e->>'loadZone' = z.name limit 1), 0),
             q."bootstrapToken"
        from jsonb_to_recordset(${JSON.stringify(jobs)}::jsonb) as q("instanceId" bigint, "bootstrapToken" text)
        join run_instances i on i.id = q."instanceId"
        join load_zones z on z.id = i.load_zone_id
        join test_runs t on t.id = i.run_id
      on conflict (instance_id) do update
        set bootstrap_token = excluded.bootstrap_token, agent_id = null, claimed_at = null, closed_at = null
        where zone_jobs.released_at is null`);
    for (const row of rows)
      await tx.execute(sql`
        update run_instances
           set detail = coalesce(detail, '{}'::jsonb) || jsonb_build_object('waiting', ${waitingDetail(row.zone_name)}::text)
         where id = ${row.instance_id}`);
    await refreshWaitingReason(tx, runId);
    for (const zoneId of new Set(rows.map((row) => Number(row.zone_id)))) await notifyZoneWork(tx, zoneId);
  });
}
