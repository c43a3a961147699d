import { sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { caFingerprint } from "../enrolment-token.js";

/**
 * Records the platform CA certificate an agent port serves with, so that the API (maybe another
 * process) can pin it in new enrolment tokens. Only the certificate, never the key.
 */
export async function recordPlatformCa(db: Db, certificatePem: string): Promise<void> {
  await db.execute(sql`
    insert into platform_ca_certificates (sha256, certificate_pem) values (${caFingerprint(certificatePem)}, ${certificatePem})
    on conflict (sha256) do update set last_served_at = now()`);
}

/** The SHA-256 of the CA certificate an agent port served with last; undefined before any started. */
export async function latestCaFingerprint(db: Db): Promise<string | undefined> {
  const { rows } = await db.execute<{ sha256: string }>(sql`
    select sha256 from platform_ca_certificates order by last_served_at desc limit 1`);
  return rows[0]?.sha256;
}
