import { sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";

/**
 * Makes a certificate the only one an agent may present (by serial): the one it had before, if
 * any, is refused from now on. Called at enrolment and at each renewal.
 */
export async function setAgentCertificate(
  db: Db,
  agentId: number,
  certificate: { serial: string; notAfter: Date },
): Promise<void> {
  await db.execute(sql`
    update zone_agents set cert_serial = ${certificate.serial}, cert_not_after = ${certificate.notAfter.toISOString()}::timestamptz
     where id = ${agentId}`);
}
