import { sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { toOptionalDate } from "./timestamps.js";

/** What authenticating an agent of a private zone checks its certificate against. */
export interface AgentCredentials {
  agentId: number;
  zoneId: number;
  zoneName: string;
  organizationId: number;
  /** The serial of the only certificate it may present. */
  certSerial: string | null;
  revokedAt: Date | null;
  capacityVus: number;
}

/**
 * The agent's registration as it is now, read on every request so that a revocation takes effect
 * at once; `lock` takes its row lock (inside a transaction), which serialises the request with a
 * revocation. Undefined for an agent that does not exist.
 */
export async function agentCredentials(
  db: Db,
  agentId: number,
  options: { lock?: boolean } = {},
): Promise<AgentCredentials | undefined> {
  const { rows } = await db.execute<{
    zone_id: string;
    zone_name: string;
    organization_id: string;
    cert_serial: string | null;
    revoked_at: string | null;
    capacity_vus: number | null;
    vus_per_agent: number;
  }>(sql`
    select a.load_zone_id as zone_id, z.name as zone_name, z.organization_id, a.cert_serial, a.revoked_at,
           a.capacity_vus, z.vus_per_agent
      from zone_agents a join load_zones z on z.id = a.load_zone_id
     where a.id = ${agentId}
     ${options.lock ? sql`for update of a` : sql``}`);
  const row = rows[0];
  return (
    row && {
      agentId,
      zoneId: Number(row.zone_id),
      zoneName: row.zone_name,
      organizationId: Number(row.organization_id),
      certSerial: row.cert_serial,
      revokedAt: toOptionalDate(row.revoked_at),
      capacityVus: row.capacity_vus ?? row.vus_per_agent,
    }
  );
}
