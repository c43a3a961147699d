import { sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";

/** A new agent of a private zone, before it has a certificate. */
export interface NewZoneAgent {
  zoneId: number;
  enrolmentTokenId: number;
  name: string;
  version: string;
  capacityVus: number;
}

/** Records a newly enrolled agent, seen now, and returns its id (its certificate is bound to it). */
export async function insertZoneAgent(db: Db, agent: NewZoneAgent): Promise<number> {
  const { rows } = await db.execute<{ id: string }>(sql`
    insert into zone_agents (load_zone_id, enrolment_token_id, name, version, capacity_vus, last_seen_at)
    values (${agent.zoneId}, ${agent.enrolmentTokenId}, ${agent.name}, ${agent.version}, ${agent.capacityVus}, now())
    returning id`);
  const id = rows[0]?.id;
  if (id === undefined) throw new Error("inserting the zone agent returned no row");
  return Number(id);
}
