import { join } from "node:path";
import {
  AwsProvider,
  DEFAULT_INSTANCE_TYPES,
  instanceTypeFor,
  type LoadZoneProvider,
  LocalProvider,
} from "@barrage/providers";
import type pg from "pg";
import { providerFor } from "../coordinator/providers.js";
import type { LoadZone } from "../pipeline/index.js";
import { type AwsPlatformConfig, DEFAULT_AWS_VUS_PER_AGENT } from "./aws-config.js";
import { seedProviderZones } from "./seed-provider-zones.js";

/** The providers of one platform process. */
export interface PlatformProviders {
  /** By name, as `load_zones.provider` names them: the coordinator's and the reaper's registry. */
  providers: Map<string, LoadZoneProvider>;
  /** The pipeline's `providerFor`: a zone's provider, or an error naming the configured ones. */
  providerFor(zone: LoadZone): LoadZoneProvider;
  /** Lets go of the providers' connections (EC2 clients). */
  close(): void;
}

/**
 * Makes the platform's provider plugins: `local` always (agents as child processes, logs under
 * `<stateDir>/agents`), `aws` when configured. With `aws`, the zones of its configured regions
 * become built-in load zones (idempotently, see seed-provider-zones.ts) with `vusPerAgent` VUs
 * per instance, which must fit an instance type of every region, so that a bad config stops the
 * start-up rather than a run.
 *
 * @throws Error listing what is wrong with the aws config
 * @example
 * const { providers, providerFor } = await startProviders(pool, { stateDir, aws, log });
 */
export async function startProviders(
  pool: pg.Pool,
  options: { stateDir: string; aws?: AwsPlatformConfig | undefined; log: (line: string) => void },
): Promise<PlatformProviders> {
  const providers = new Map<string, LoadZoneProvider>([
    ["local", new LocalProvider({ logDirectory: join(options.stateDir, "agents") })],
  ]);
  let aws: AwsProvider | undefined;
  if (options.aws) {
    const { vusPerAgent = DEFAULT_AWS_VUS_PER_AGENT, ...config } = options.aws;
    try {
      checkVusPerAgent(config, vusPerAgent);
      aws = new AwsProvider({
        ...config,
        logger: config.logger ?? {
          info: (m) => options.log(`aws: ${m}`),
          warn: (m) => options.log(`aws: ${m}`),
        },
      });
    } catch (error) {
      throw new Error(`cannot start the aws provider: ${(error as Error).message}`, { cause: error });
    }
    providers.set("aws", aws);
    const { seeded, taken } = await seedProviderZones(pool, aws, vusPerAgent);
    options.log(
      `aws provider: load zones ${seeded.join(", ")} (${vusPerAgent} VUs per instance)` +
        (taken.length > 0 ? `; ${taken.join(", ")} left to the provider that already serves them` : ""),
    );
  }
  return {
    providers,
    providerFor: (zone) => providerFor(providers, zone.provider, `zone ${zone.name} cannot be allocated`),
    close: () => aws?.destroy(),
  };
}

/** Every configured region must have an instance type for `vusPerAgent`, or its runs would fail. */
function checkVusPerAgent(config: AwsPlatformConfig, vusPerAgent: number): void {
  if (!(Number.isInteger(vusPerAgent) && vusPerAgent > 0))
    throw new Error(`vusPerAgent must be a positive whole number, not ${JSON.stringify(vusPerAgent)}`);
  for (const [region, settings] of Object.entries(config.regions ?? {})) {
    try {
      instanceTypeFor(settings.instanceTypes ?? config.instanceTypes ?? DEFAULT_INSTANCE_TYPES, vusPerAgent);
    } catch (error) {
      throw new Error(
        `vusPerAgent ${vusPerAgent} does not fit region ${region}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }
}
