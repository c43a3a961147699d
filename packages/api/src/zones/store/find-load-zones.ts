import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { BarrageError } from "../../errors.js";
import { toGlobalId } from "../../graphql/global-id.js";
import { toLoadZoneRecord } from "./insert-private-zone.js";
import type { LoadZoneRecord } from "./zone-records.js";

const COLUMNS = sql.raw(
  "z.id, z.organization_id, z.name, z.provider, z.labels, z.vus_per_agent, z.config, z.created_at",
);

async function select(db: Db, where: SQL): Promise<LoadZoneRecord[]> {
  const { rows } = await db.execute<Record<string, unknown>>(
    sql`select ${COLUMNS} from load_zones z where ${where} order by z.organization_id nulls first, z.name`,
  );
  return rows.map(toLoadZoneRecord);
}

/** The zones an organization may use: the built-in ones first, then its own, each by name. */
export function listLoadZones(db: Db, organizationId: number): Promise<LoadZoneRecord[]> {
  return select(db, sql`z.organization_id is null or z.organization_id = ${organizationId}`);
}

/**
 * A zone the organization may use (built in, or its own), or NOT_FOUND: the same answer for a zone
 * of another organization as for none, so that ids cannot be probed.
 */
export async function findLoadZone(db: Db, organizationId: number, zoneId: number): Promise<LoadZoneRecord> {
  const [zone] = await select(
    db,
    sql`z.id = ${zoneId} and (z.organization_id is null or z.organization_id = ${organizationId})`,
  );
  if (!zone) throw notFound(zoneId);
  return zone;
}

/**
 * One of the organization's own private zones, or NOT_FOUND (built-in zones have no agents or
 * tokens to manage), for the mutations that change one.
 */
export async function findPrivateZone(
  db: Db,
  organizationId: number,
  zoneId: number,
): Promise<LoadZoneRecord> {
  const [zone] = await select(
    db,
    sql`z.id = ${zoneId} and z.organization_id = ${organizationId} and z.provider = 'private'`,
  );
  if (!zone)
    throw new BarrageError("NOT_FOUND", `No private LoadZone with id ${toGlobalId("LoadZone", zoneId)}`);
  return zone;
}

function notFound(zoneId: number): BarrageError {
  return new BarrageError("NOT_FOUND", `No LoadZone with id ${toGlobalId("LoadZone", zoneId)}`);
}
