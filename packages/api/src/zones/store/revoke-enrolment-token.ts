import { sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";

/**
 * Revokes a private zone's enrolment token: no agent can enrol with it from now on. Agents already
 * enrolled keep working (revoke them one by one); a zone without a token is left as it is.
 */
export async function revokeEnrolmentToken(db: Db, zoneId: number): Promise<void> {
  await db.execute(sql`
    update zone_enrolment_tokens set revoked_at = now() where load_zone_id = ${zoneId} and revoked_at is null`);
}
