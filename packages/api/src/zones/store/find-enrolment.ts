import { sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";

/** The private zone an enrolment token in force lets agents join. */
export interface Enrolment {
  tokenId: number;
  zoneId: number;
  zoneName: string;
  organizationId: number;
  vusPerAgent: number;
}

/** The zone of the enrolment token with this SHA-256, when the token is in force; undefined otherwise. */
export async function findEnrolment(db: Db, tokenHash: string): Promise<Enrolment | undefined> {
  const { rows } = await db.execute<{
    token_id: string;
    zone_id: string;
    zone_name: string;
    organization_id: string;
    vus_per_agent: number;
  }>(sql`
    select t.id as token_id, z.id as zone_id, z.name as zone_name, z.organization_id, z.vus_per_agent
      from zone_enrolment_tokens t join load_zones z on z.id = t.load_zone_id
     where t.token_hash = ${tokenHash} and t.revoked_at is null
       and z.provider = 'private' and z.organization_id is not null`);
  const row = rows[0];
  return (
    row && {
      tokenId: Number(row.token_id),
      zoneId: Number(row.zone_id),
      zoneName: row.zone_name,
      organizationId: Number(row.organization_id),
      vusPerAgent: row.vus_per_agent,
    }
  );
}
