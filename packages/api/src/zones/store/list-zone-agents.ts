import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { BarrageError } from "../../errors.js";
import { toGlobalId } from "../../graphql/global-id.js";
import { AGENT_STATE, type ZoneAgentState } from "../agent-state.js";
import { toDate, toOptionalDate } from "./timestamps.js";
import type { ZoneAgentRecord } from "./zone-records.js";

type AgentRow = {
  id: string;
  load_zone_id: string;
  name: string;
  state: ZoneAgentState;
  version: string | null;
  capacity_vus: number | null;
  last_seen_at: string | null;
  enrolled_at: string;
  revoked_at: string | null;
  run_id: string | null;
};

async function select(db: Db, where: SQL): Promise<ZoneAgentRecord[]> {
  const { rows } = await db.execute<AgentRow>(sql`
    select a.id, a.load_zone_id, a.name, ${AGENT_STATE} as state, a.version, a.capacity_vus,
           a.last_seen_at, a.enrolled_at, a.revoked_at,
           (select j.run_id from zone_jobs j where j.agent_id = a.id and j.closed_at is null
             order by j.claimed_at desc limit 1) as run_id
      from zone_agents a join load_zones z on z.id = a.load_zone_id
     where ${where}
     order by a.id desc`);
  return rows.map((row) => ({
    id: Number(row.id),
    zoneId: Number(row.load_zone_id),
    name: row.name,
    state: row.state,
    version: row.version,
    capacityVus: row.capacity_vus,
    lastSeenAt: toOptionalDate(row.last_seen_at),
    enrolledAt: toDate(row.enrolled_at),
    revokedAt: toOptionalDate(row.revoked_at),
    runId: row.run_id === null ? null : Number(row.run_id),
  }));
}

/** The agents of one zone, newest first, revoked ones included (they show as REVOKED). */
export function listZoneAgents(db: Db, zoneId: number): Promise<ZoneAgentRecord[]> {
  return select(db, sql`a.load_zone_id = ${zoneId}`);
}

/** An agent of one of the organization's zones, or NOT_FOUND, word for word as for an id that does not exist. */
export async function findZoneAgent(
  db: Db,
  organizationId: number,
  agentId: number,
): Promise<ZoneAgentRecord> {
  const [agent] = await select(db, sql`a.id = ${agentId} and z.organization_id = ${organizationId}`);
  if (!agent) throw new BarrageError("NOT_FOUND", `No ZoneAgent with id ${toGlobalId("ZoneAgent", agentId)}`);
  return agent;
}
