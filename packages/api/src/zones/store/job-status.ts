import type { InstanceStatus } from "@barrage/providers";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { AGENT_ONLINE } from "../agent-state.js";

/**
 * What the `private` provider knows of an instance (the coordinator asks when its agent falls
 * silent): `running` while its job waits in the queue or an online agent holds it; `exited` once
 * released, once its agent asked for other work (it is done with this one), or when its agent was
 * revoked; `unknown` when there is no such job or its agent went offline (the platform cannot tell
 * what the machine does).
 */
export async function jobStatus(db: Db, instanceId: number): Promise<InstanceStatus> {
  const { rows } = await db.execute<{
    done: boolean;
    has_agent: boolean;
    revoked: boolean;
    online: boolean;
  }>(sql`
    select j.released_at is not null or j.closed_at is not null as done, j.agent_id is not null as has_agent,
           coalesce(a.revoked_at is not null, false) as revoked, coalesce(${AGENT_ONLINE}, false) as online
      from zone_jobs j left join zone_agents a on a.id = j.agent_id
     where j.instance_id = ${instanceId}`);
  const job = rows[0];
  if (!job) return { state: "unknown" };
  if (job.done || job.revoked) return { state: "exited", exitCode: null, signal: null };
  if (!job.has_agent || job.online) return { state: "running" };
  return { state: "unknown" };
}
