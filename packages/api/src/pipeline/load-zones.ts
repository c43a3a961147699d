import { sql } from "drizzle-orm";
import type { Db } from "../db/database.js";
import type { LoadZone } from "./deps.js";

/** A `load_zones` row as raw SQL returns it, under the column names {@link toLoadZone} reads. */
export type LoadZoneRow = {
  zone_id: string;
  name: string;
  provider: LoadZone["provider"];
  vus_per_agent: number;
  config: Record<string, unknown>;
};

/** Columns selecting a {@link LoadZoneRow} from `load_zones` aliased `z`. */
export const LOAD_ZONE_COLUMNS = sql.raw("z.id as zone_id, z.name, z.provider, z.vus_per_agent, z.config");

/** A zone row as the pipeline hands it around. */
export function toLoadZone(row: LoadZoneRow): LoadZone {
  return {
    id: Number(row.zone_id),
    name: row.name,
    provider: row.provider,
    vusPerAgent: row.vus_per_agent,
    config: row.config,
  };
}

/**
 * The zones of these names an organization may use: its own, else the platform's built-in ones of
 * the same name. Names with no zone are absent from the map; `names` must not be empty.
 */
export async function zonesByName(
  db: Db,
  organizationId: number,
  names: readonly string[],
): Promise<Map<string, LoadZone>> {
  const { rows } = await db.execute<LoadZoneRow>(sql`
    select distinct on (z.name) ${LOAD_ZONE_COLUMNS}
      from load_zones z
     where z.name in ${names} and (z.organization_id = ${organizationId} or z.organization_id is null)
     order by z.name, z.organization_id nulls last`);
  return new Map(rows.map((row) => [row.name, toLoadZone(row)]));
}

/** The names of every zone an organization may use, sorted, for messages. */
export async function zoneNames(db: Db, organizationId: number): Promise<string[]> {
  const { rows } = await db.execute<{ name: string }>(sql`
    select distinct name from load_zones
     where organization_id = ${organizationId} or organization_id is null order by name`);
  return rows.map((row) => row.name);
}
