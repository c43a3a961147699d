import { sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { generateEnrolmentToken } from "../enrolment-token.js";
import { latestCaFingerprint } from "./platform-ca.js";

/**
 * Makes a new enrolment token for a private zone and revokes the one in force, in one transaction,
 * and returns its secret: the only copy there will ever be (only its SHA-256 is stored). Agents
 * already enrolled keep working: their certificates, not the token, authenticate them.
 *
 * @example const secret = await issueEnrolmentToken(db, zone.id);
 */
export async function issueEnrolmentToken(db: Db, zoneId: number): Promise<string> {
  return db.transaction(async (tx) => {
    const token = generateEnrolmentToken(await latestCaFingerprint(tx));
    await tx.execute(sql`
      update zone_enrolment_tokens set revoked_at = now() where load_zone_id = ${zoneId} and revoked_at is null`);
    await tx.execute(sql`
      insert into zone_enrolment_tokens (load_zone_id, token_hash, prefix) values (${zoneId}, ${token.hash}, ${token.prefix})`);
    return token.secret;
  });
}
