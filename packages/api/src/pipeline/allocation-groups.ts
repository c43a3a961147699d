import type { LoadZoneProvider } from "@barrage/providers";
import { sql } from "drizzle-orm";
import type { Db } from "../db/database.js";
import type { LoadZone, PipelineDeps } from "./deps.js";
import { LOAD_ZONE_COLUMNS, type LoadZoneRow, toLoadZone } from "./load-zones.js";
import type { RunPlan } from "./split-run.js";

/** One instance still to boot. */
export interface RequestedInstance {
  id: number;
  /** Its zone's name. */
  zone: string;
  /** The VUs it will initialise: the plan's figure, else its zone's VUs per agent. */
  vus: number;
}

/** The instances of one zone still REQUESTED, in id order. */
export interface ZoneRequest {
  zone: LoadZone;
  instances: RequestedInstance[];
}

/** The instances one `allocate` call boots. */
export interface AllocationGroup {
  provider: LoadZoneProvider;
  /** The request's zone: the first of the group's zones. */
  zone: LoadZone;
  instances: RequestedInstance[];
  /** True when the instances are of several zones and each says its own (`InstanceToBoot.zone`). */
  spansZones: boolean;
  /** The most VUs one instance of the group runs, which providers size machines by. */
  vusPerInstance: number;
}

/**
 * The run's instances still REQUESTED, by zone in the order of their first instance, each with the
 * VUs its plan gives it (matched by zone and segment; runs planned without VUs per instance, as
 * some tests plan them, fall back to the zone's VUs per agent).
 */
export async function requestedZones(db: Db, runId: number): Promise<ZoneRequest[]> {
  const { rows } = await db.execute<
    LoadZoneRow & { instance_ids: string[]; segments: string[]; plan: RunPlan | null }
  >(sql`
    select ${LOAD_ZONE_COLUMNS}, array_agg(i.id order by i.id) as instance_ids,
           array_agg(i.segment order by i.id) as segments,
           (select t.plan from test_runs t where t.id = ${runId}) as plan
      from run_instances i join load_zones z on z.id = i.load_zone_id
     where i.run_id = ${runId} and i.state = 'REQUESTED'
     group by z.id
     order by min(i.id)`);
  return rows.map((row) => {
    const zone = toLoadZone(row);
    const planned = new Map(
      (row.plan?.instances ?? [])
        .filter((p) => p.loadZone === zone.name)
        .map((p) => [p.segment, p.vus] as const),
    );
    return {
      zone,
      instances: row.instance_ids.map((id, n) => ({
        id: Number(id),
        zone: zone.name,
        vus: planned.get(row.segments[n] as string) ?? zone.vusPerAgent,
      })),
    };
  });
}

/**
 * Takes the next allocation off `pending` (which it shortens): the first zone's instances, and,
 * when that zone's provider allocates across zones, those of every other pending zone of the same
 * provider too, so that the provider starts them all or none (a run split over two AWS regions
 * never runs in one while the other had no capacity).
 *
 * @throws whatever `providerFor` throws (a provider that is not configured): the step is retried
 * @example
 * const pending = await requestedZones(db, runId);
 * while (pending.length > 0) await boot(takeAllocationGroup(pending, deps));
 */
export function takeAllocationGroup(
  pending: ZoneRequest[],
  providerFor: PipelineDeps["providerFor"],
): AllocationGroup {
  const first = pending[0];
  if (!first) throw new RangeError("no zone is left to allocate");
  const provider = providerFor(first.zone);
  const members = provider.allocatesAcrossZones
    ? pending.filter((z) => z.zone.provider === first.zone.provider)
    : [first];
  for (const member of members) pending.splice(pending.indexOf(member), 1);
  const instances = members.flatMap((z) => z.instances);
  return {
    provider,
    zone: first.zone,
    instances,
    spansZones: members.length > 1,
    vusPerInstance: Math.max(...instances.map((i) => i.vus)),
  };
}
