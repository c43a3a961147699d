import { sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { toDate } from "./timestamps.js";

/** What may be shown of a zone's enrolment token in force: never the secret. */
export interface EnrolmentTokenInfo {
  prefix: string;
  createdAt: Date;
}

/** The enrolment token in force of a zone, undefined when it has none (revoked, or not a private zone). */
export async function enrolmentTokenInfo(db: Db, zoneId: number): Promise<EnrolmentTokenInfo | undefined> {
  const { rows } = await db.execute<{ prefix: string; created_at: string }>(sql`
    select prefix, created_at from zone_enrolment_tokens where load_zone_id = ${zoneId} and revoked_at is null`);
  const row = rows[0];
  return row && { prefix: row.prefix, createdAt: toDate(row.created_at) };
}
