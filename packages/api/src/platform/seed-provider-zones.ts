import type { LoadZoneProvider } from "@barrage/providers";
import type pg from "pg";

/** What {@link seedProviderZones} did. */
export interface SeededZones {
  /** Zones added or brought up to date. */
  seeded: string[];
  /** Built-in zones of that name that belong to another provider: left alone. */
  taken: string[];
}

/**
 * Makes every zone a provider serves a built-in load zone (`load_zones` with `organization_id`
 * null, which every organization may use): e.g. `amazon:us:ashburn` once the `aws` provider is
 * configured for `us-east-1`, so that `options.cloud.distribution` written for k6 Cloud finds it.
 * Idempotent, for every start-up: a zone already there gets the current VUs per agent and
 * description (the config may have changed since); one of that name owned by another provider is
 * left alone and reported. Zones no longer served are kept (runs refer to them): a run planned
 * there fails at allocation with the provider's "does not serve zone" reason.
 *
 * @example
 * const { seeded } = await seedProviderZones(pool, aws, 500);
 */
export async function seedProviderZones(
  pool: pg.Pool,
  provider: LoadZoneProvider,
  vusPerAgent: number,
): Promise<SeededZones> {
  const zones = await provider.listZones();
  if (zones.length === 0) return { seeded: [], taken: [] };
  const { rows } = await pool.query<{ name: string; provider: string }>(
    `insert into load_zones (organization_id, name, provider, vus_per_agent, config)
     select null, z.name, $1, $2, jsonb_build_object('description', z.description)
       from unnest($3::text[], $4::text[]) as z(name, description)
     on conflict (name) where organization_id is null do update
        set vus_per_agent = excluded.vus_per_agent,
            config = load_zones.config || excluded.config
      where load_zones.provider = excluded.provider
     returning name, provider`,
    [provider.name, vusPerAgent, zones.map((z) => z.name), zones.map((z) => z.description)],
  );
  const seeded = rows.map((r) => r.name).sort();
  const taken = zones
    .map((z) => z.name)
    .filter((name) => !seeded.includes(name))
    .sort();
  return { seeded, taken };
}
