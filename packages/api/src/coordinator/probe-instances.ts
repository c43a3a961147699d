import type { InstanceStatus } from "@barrage/providers";
import type pg from "pg";
import { describeError } from "../agents/index.js";
import { type ProviderRegistry, providerFor } from "./providers.js";
import type { InstanceProbe, InstanceView } from "./run-view.js";

/** A provider that does not answer within this is taken as "cannot tell", ms. */
const PROBE_TIMEOUT_MS = 10_000;

/**
 * Asks each instance's provider whether it still runs, and stores the answer with the database's
 * time in `run_instances.detail.probe`, where the next view finds it (liveness.ts), with the time of
 * the first answer of the current silence (`sinceMs`). The instances
 * are asked together; one provider failing or hanging is recorded as `error` for its instances and
 * does not keep the others from being asked, nor the coordinator from deciding.
 *
 * @example
 * await probeInstances(pool, providers, view.instances.filter((i) => step.instanceIds.includes(i.id)));
 */
export async function probeInstances(
  pool: pg.Pool,
  providers: ProviderRegistry,
  instances: readonly InstanceView[],
): Promise<void> {
  const probes = await Promise.all(instances.map((i) => ask(providers, i)));
  // sinceMs: the first answer of this silence (one given after the last heartbeat) keeps its time.
  await pool.query(
    `update run_instances i
        set detail = coalesce(i.detail, '{}') || jsonb_build_object('probe',
              jsonb_build_object('state', p.state, 'detail', p.detail, 'atMs', n.ms,
                                 'sinceMs', coalesce(
                                   case when (i.detail->'probe'->>'atMs')::float8 >= extract(epoch from i.last_heartbeat_at) * 1000
                                        then (i.detail->'probe'->>'sinceMs')::float8 end,
                                   n.ms)))
       from unnest($1::bigint[], $2::text[], $3::text[]) as p(id, state, detail),
            (select floor(extract(epoch from now()) * 1000)::float8 as ms) as n
      where i.id = p.id`,
    [instances.map((i) => i.id), probes.map((p) => p.state), probes.map((p) => p.detail)],
  );
}

async function ask(
  providers: ProviderRegistry,
  instance: InstanceView,
): Promise<Omit<InstanceProbe, "atMs">> {
  // Not recorded yet (allocate has not stored it): nothing says the instance is gone.
  if (instance.providerRef === null)
    return { state: "error", detail: "its provider reference is not recorded yet" };
  let timer: NodeJS.Timeout | undefined;
  try {
    const provider = providerFor(providers, instance.provider, "whether the instance runs cannot be told");
    const status = await Promise.race([
      provider.status(instance.providerRef),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${instance.provider} did not answer within ${PROBE_TIMEOUT_MS} ms`)),
          PROBE_TIMEOUT_MS,
        );
      }),
    ]);
    return { state: status.state, detail: describeExit(status) };
  } catch (error) {
    return { state: "error", detail: describeError(error) };
  } finally {
    clearTimeout(timer);
  }
}

function describeExit(status: InstanceStatus): string | null {
  if (status.state !== "exited") return null;
  if (status.signal) return `signal ${status.signal}`;
  if (status.exitCode !== null) return `exit code ${status.exitCode}`;
  return null;
}
