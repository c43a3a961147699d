import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { hashToken } from "../../auth/token.js";
import type { Db } from "../../db/database.js";
import { BarrageError } from "../../errors.js";
import { toGlobalId } from "../../graphql/global-id.js";
import { notifyZoneWork } from "../channel.js";
import { refreshWaitingReason, waitingDetail } from "./waiting-reason.js";

/**
 * Revokes an agent of one of the organization's private zones, in one transaction under the
 * agent's row lock (which its requests for work take too):
 *
 * - every route refuses it from now on (403): its zone routes check `revoked_at`, and the routes of
 *   its runs refuse the run certificates of instances it took (`authenticateAgent`);
 * - jobs it took but never called home for go back to the queue with a new bootstrap token, so that
 *   another agent can run them and the token it holds is worthless;
 * - jobs it was running stay lost to it: their coordinators see those instances fall silent and end
 *   their runs as for any lost agent;
 * - its held work poll is woken, to answer 403 at once.
 *
 * Revoking a revoked agent changes nothing; another organization's agent is NOT_FOUND.
 */
export async function revokeZoneAgent(db: Db, organizationId: number, agentId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ zone_id: string; zone_name: string }>(sql`
      update zone_agents a set revoked_at = coalesce(a.revoked_at, now())
        from load_zones z
       where a.id = ${agentId} and z.id = a.load_zone_id and z.organization_id = ${organizationId}
      returning z.id as zone_id, z.name as zone_name`);
    const zone = rows[0];
    if (!zone)
      throw new BarrageError("NOT_FOUND", `No ZoneAgent with id ${toGlobalId("ZoneAgent", agentId)}`);
    const unused = await tx.execute<{ instance_id: string; run_id: string }>(sql`
      select j.instance_id, j.run_id from zone_jobs j join run_instances i on i.id = j.instance_id
       where j.agent_id = ${agentId} and j.closed_at is null and j.released_at is null
         and i.state in ('REQUESTED', 'STARTING')
       for update of j, i`);
    for (const job of unused.rows) {
      const token = randomBytes(32).toString("base64url");
      await tx.execute(sql`
        update run_instances
           set bootstrap_token_hash = ${hashToken(token)},
               detail = coalesce(detail, '{}'::jsonb) || jsonb_build_object('waiting', ${waitingDetail(zone.zone_name)}::text)
         where id = ${job.instance_id}`);
      await tx.execute(sql`
        update zone_jobs set agent_id = null, claimed_at = null, bootstrap_token = ${token}
         where instance_id = ${job.instance_id}`);
    }
    await tx.execute(sql`
      update zone_jobs set closed_at = now(), bootstrap_token = null where agent_id = ${agentId} and closed_at is null`);
    for (const runId of new Set(unused.rows.map((job) => Number(job.run_id))))
      await refreshWaitingReason(tx, runId);
    await notifyZoneWork(tx, Number(zone.zone_id));
  });
}
