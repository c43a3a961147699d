import type pg from "pg";
import { type ProviderRegistry, providerFor } from "./providers.js";

/**
 * Releases every instance of a run that is not released yet (or only those of `only`) through its
 * zone's provider, and marks it RELEASED, which also revokes its certificate on the agent port.
 * Instances that were never started are simply marked. Safe to repeat: providers ignore references
 * they released already. One provider failing does not keep the others' instances from being released.
 *
 * @throws AggregateError of the providers' failures, after releasing what could be
 */
export async function releaseInstances(
  pool: pg.Pool,
  runId: number,
  providers: ProviderRegistry,
  only?: readonly number[],
): Promise<void> {
  const { rows } = await pool.query<{ id: string; provider_ref: string | null; provider: string }>(
    `select i.id, i.provider_ref, z.provider
       from run_instances i join load_zones z on z.id = i.load_zone_id
      where i.run_id = $1 and i.state <> 'RELEASED' and ($2::bigint[] is null or i.id = any($2::bigint[]))`,
    [runId, only ?? null],
  );
  const byProvider = new Map<string, typeof rows>();
  for (const row of rows) byProvider.set(row.provider, [...(byProvider.get(row.provider) ?? []), row]);
  const failures: unknown[] = [];
  await Promise.all(
    [...byProvider].map(async ([name, instances]) => {
      try {
        const refs = instances.flatMap((i) => (i.provider_ref === null ? [] : [i.provider_ref]));
        if (refs.length > 0)
          await providerFor(providers, name, `instances of run ${runId} cannot be released`).release(refs);
        await pool.query(`update run_instances set state = 'RELEASED' where id = any($1::bigint[])`, [
          instances.map((i) => i.id),
        ]);
      } catch (error) {
        failures.push(error);
      }
    }),
  );
  if (failures.length > 0)
    throw new AggregateError(failures, `could not release every instance of run ${runId}`);
}
