import { sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { BarrageError } from "../../errors.js";
import { toDate } from "./timestamps.js";
import type { LoadZoneRecord } from "./zone-records.js";

/** A private zone as the organization registers it, already checked (`zone-input.ts`). */
export interface PrivateZoneInput {
  name: string;
  labels: Record<string, string>;
  vusPerAgent: number;
}

/**
 * Inserts an organization's private zone. A name taken by a built-in zone or by another zone of the
 * organization is a CONFLICT naming `field`: an organization's zone would shadow a built-in one of
 * the same name in `options.cloud.distribution` (see `zonesByName`), silently moving tests.
 *
 * @example const zone = await insertPrivateZone(db, organizationId, { name: "office", labels: {}, vusPerAgent: 200 }, "input.name");
 */
export async function insertPrivateZone(
  db: Db,
  organizationId: number,
  input: PrivateZoneInput,
  field: string,
): Promise<LoadZoneRecord> {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    insert into load_zones (organization_id, name, provider, labels, vus_per_agent)
    select ${organizationId}, ${input.name}, 'private', ${JSON.stringify(input.labels)}::jsonb, ${input.vusPerAgent}
     where not exists (select 1 from load_zones where organization_id is null and name = ${input.name})
    on conflict (organization_id, name) where organization_id is not null do nothing
    returning id, organization_id, name, provider, labels, vus_per_agent, config, created_at`);
  const row = rows[0];
  if (!row)
    throw new BarrageError(
      "CONFLICT",
      `A load zone named "${input.name}" already exists (built in, or one of this organization's); pick another name`,
      { field },
    );
  return toLoadZoneRecord(row);
}

/** A `load_zones` row as raw SQL returns it (snake case, bigint as string) in its typed form. */
export function toLoadZoneRecord(row: Record<string, unknown>): LoadZoneRecord {
  return {
    id: Number(row.id),
    organizationId: row.organization_id === null ? null : Number(row.organization_id),
    name: row.name as string,
    provider: row.provider as LoadZoneRecord["provider"],
    labels: row.labels as Record<string, string>,
    vusPerAgent: row.vus_per_agent as number,
    config: row.config as Record<string, unknown>,
    createdAt: toDate(row.created_at),
  };
}
