import type {
  AllocatedInstance,
  AllocationRequest,
  InstanceStatus,
  LoadZoneProvider,
  ReapOptions,
  ReapReport,
  ZoneDescription,
} from "../provider.js";
import {
  type AwsProviderConfig,
  type AwsRegionConfig,
  DEFAULT_INSTANCE_TYPES,
  instanceTypeFor,
  servedZones,
  validateAwsConfig,
} from "./config.js";
import { Ec2Regions } from "./ec2-regions.js";
import { Ec2CallError } from "./errors.js";
import { launchInstance, TAG_PLATFORM } from "./launch.js";
import { settleEach } from "./pool.js";
import { formatProviderRef, parseProviderRef } from "./provider-ref.js";
import { reapInstances } from "./reaper.js";
import { defaultAgentInstallScript, encodeUserData, renderUserData } from "./user-data.js";
import { waitUntilRunning } from "./wait-running.js";
import type { AwsZone } from "./zones.js";

const DEFAULT_RUNNING_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_POLL_INTERVAL_MS = 3000;
const DEFAULT_LAUNCH_CONCURRENCY = 8;

/** One instance being allocated, from its request to its EC2 id. */
interface Planned {
  instanceId: string;
  zone: string;
  region: string;
  instanceType: string;
  userData: string;
  ec2InstanceId?: string;
}

/**
 * An allocation that failed: every instance it had started was terminated (or is listed in
 * `leftRunning` when even that failed; they carry their run's tags, so the reaper ends them once
 * the run is over). The message starts with the first reason, e.g.
 * `InsufficientInstanceCapacity in us-east-2: ...`.
 */
export class AwsAllocationError extends Error {
  override readonly name = "AwsAllocationError";
  constructor(
    message: string,
    /** Every failure, the first first. */
    readonly failures: readonly unknown[],
    /** EC2 ids that were started and are terminated again. */
    readonly terminated: readonly string[],
    /** EC2 ids that could not be terminated. */
    readonly leftRunning: readonly string[],
  ) {
    super(message, { cause: failures[0] });
  }
}

/**
 * The `aws` load-zone provider: one EC2 instance per instance of a run, in the region of its zone
 * (`amazon:us:ashburn` → `us-east-1`, see {@link AWS_LOAD_ZONES}), sized by VUs per instance,
 * booted with user data that installs and starts the agent with its bootstrap token, the platform
 * CA and the API address in its environment, and tagged with the run (`barrage:run-id`,
 * `barrage:instance-id`, `barrage:platform`). `allocate` waits until they all run, or terminates
 * those it started and throws the reason. Throttled calls are retried with back-off; capacity
 * errors move to the next configured subnet, once each. `reapInstances` ends instances of runs
 * that are over.
 *
 * @example
 * const aws = new AwsProvider({
 *   platformId: "barrage-prod",
 *   regions: { "us-east-1": { imageId: "ami-0abc", subnetIds: ["subnet-a", "subnet-b"] } },
 * });
 * const started = await aws.allocate({ runId: "42", zone: "amazon:us:ashburn", instances, apiUrl, caCertificatePem, vusPerInstance: 300 });
 * await aws.release(started.map((s) => s.providerRef));
 */
export class AwsProvider implements LoadZoneProvider {
  readonly name = "aws";
  /** One allocation may span regions (`InstanceToBoot.zone`), all or nothing across them. */
  readonly allocatesAcrossZones = true;
  readonly #config: AwsProviderConfig;
  readonly #zones: Map<string, AwsZone>;
  readonly #ec2: Ec2Regions;

  constructor(config: AwsProviderConfig) {
    validateAwsConfig(config);
    this.#config = config;
    this.#zones = servedZones(config);
    this.#ec2 = new Ec2Regions({
      clientConfig: config.clientConfig,
      retry: config.retry,
      logger: config.logger,
    });
  }

  async allocate(request: AllocationRequest): Promise<AllocatedInstance[]> {
    // Everything that can be wrong with the request is found before anything is launched.
    const installScript =
      this.#config.agentInstallScript ?? defaultAgentInstallScript(this.#config.agentPackage);
    const planned: Planned[] = request.instances.map((instance) => {
      const zone = instance.zone ?? request.zone;
      const region = this.#regionOf(zone);
      const userData = encodeUserData(
        renderUserData({
          runId: request.runId,
          instanceId: instance.instanceId,
          zone,
          apiUrl: request.apiUrl,
          caCertificatePem: request.caCertificatePem,
          bootstrapToken: instance.bootstrapToken,
          agentInstallScript: installScript,
        }),
      );
      const brackets =
        this.#regionConfig(region).instanceTypes ?? this.#config.instanceTypes ?? DEFAULT_INSTANCE_TYPES;
      return {
        instanceId: instance.instanceId,
        zone,
        region,
        instanceType: instanceTypeFor(brackets, request.vusPerInstance),
        userData,
      };
    });
    const byRegion = groupBy(planned, (p) => p.region);

    // Launch, all regions at once; after the first failure nothing more is launched anywhere.
    const stop = { failed: false };
    const launches = await Promise.all(
      [...byRegion].map(([region, instances]) =>
        settleEach(
          instances,
          this.#config.launchConcurrency ?? DEFAULT_LAUNCH_CONCURRENCY,
          async (p) => {
            p.ec2InstanceId = await launchInstance(this.#ec2, {
              platformId: this.#config.platformId,
              runId: request.runId,
              instanceId: p.instanceId,
              zone: p.zone,
              region,
              regionConfig: this.#regionConfig(region),
              instanceType: p.instanceType,
              userData: p.userData,
              extraTags: this.#config.tags,
            });
            this.#config.logger?.info(
              `run ${request.runId} instance ${p.instanceId}: launched ${p.ec2InstanceId} (${p.instanceType}) in ${region}`,
            );
          },
          stop,
        ),
      ),
    );
    const launchFailures = launches.flat().flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    if (launchFailures.length > 0) throw await this.#rollBack(request.runId, planned, launchFailures);

    // Wait until every instance runs, each region in one poll.
    const waits = await Promise.allSettled(
      [...byRegion].map(([region, instances]) =>
        waitUntilRunning(
          this.#ec2,
          region,
          instances.map((p) => p.ec2InstanceId as string),
          {
            timeoutMs: this.#config.runningTimeoutMs ?? DEFAULT_RUNNING_TIMEOUT_MS,
            pollIntervalMs: this.#config.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
          },
        ),
      ),
    );
    const waitFailures = waits.flatMap((w) => (w.status === "rejected" ? [w.reason] : []));
    if (waitFailures.length > 0) throw await this.#rollBack(request.runId, planned, waitFailures);

    return planned.map((p) => ({
      instanceId: p.instanceId,
      providerRef: formatProviderRef({ region: p.region, ec2InstanceId: p.ec2InstanceId as string }),
    }));
  }

  /**
   * `running` while EC2 says pending or running; `exited` once it is shutting down, stopped or
   * terminated (EC2 knows no exit code); `unknown` for an id EC2 does not know (terminated
   * instances drop out of its answers after about an hour) or that is not this platform's.
   */
  async status(providerRef: string): Promise<InstanceStatus> {
    const ref = parseProviderRef(providerRef);
    if (!ref || !this.#config.regions[ref.region]) return { state: "unknown" };
    let instances: Awaited<ReturnType<Ec2Regions["describe"]>>;
    try {
      instances = await this.#ec2.describe(ref.region, { instanceIds: [ref.ec2InstanceId] });
    } catch (error) {
      if (error instanceof Ec2CallError && error.kind === "not-found") return { state: "unknown" };
      throw error;
    }
    const instance = instances.find((i) => i.InstanceId === ref.ec2InstanceId);
    const ours = instance?.Tags?.some((t) => t.Key === TAG_PLATFORM && t.Value === this.#config.platformId);
    if (!instance || !ours) return { state: "unknown" };
    const state = instance.State?.Name;
    if (state === "pending" || state === "running") return { state: "running" };
    return { state: "exited", exitCode: null, signal: null };
  }

  /**
   * TerminateInstances for every reference, region by region; unknown and already terminated
   * instances are fine. Resolves once EC2 has accepted the termination (the instances are
   * `shutting-down`, which is when AWS stops billing them); the agent gets SIGTERM as the
   * instance shuts down. Throws after trying every region if one failed.
   */
  async release(providerRefs: readonly string[]): Promise<void> {
    const byRegion = new Map<string, string[]>();
    for (const providerRef of providerRefs) {
      const ref = parseProviderRef(providerRef);
      // Not one of ours (or garbage): nothing of ours to release.
      if (!ref || !this.#config.regions[ref.region]) continue;
      byRegion.set(ref.region, [...(byRegion.get(ref.region) ?? []), ref.ec2InstanceId]);
    }
    const results = await Promise.allSettled(
      [...byRegion].map(([region, ids]) => this.#ec2.terminate(region, ids)),
    );
    const failures = results.flatMap((r) => (r.status === "rejected" ? [r.reason as Error] : []));
    if (failures.length > 0)
      throw new AggregateError(
        failures,
        `cannot release every instance: ${failures.map((f) => f.message).join("; ")}`,
      );
  }

  async listZones(): Promise<ZoneDescription[]> {
    return [...this.#zones]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, zone]) => ({ name, provider: this.name, description: zone.description }));
  }

  /**
   * Terminates every instance of this platform (tag `barrage:platform`) in every configured region
   * whose run is over or unknown; see {@link reapInstances}. Schedule it every few minutes.
   *
   * @example
   * const report = await aws.reapInstances({ isRunLive: async (runId) => liveRunIds.has(runId) });
   */
  reapInstances(options: ReapOptions): Promise<ReapReport> {
    return reapInstances(
      {
        ec2: this.#ec2,
        platformId: this.#config.platformId,
        regions: Object.keys(this.#config.regions),
        logger: this.#config.logger,
      },
      options,
    );
  }

  /** Closes the EC2 clients' connections; the provider is not to be used afterwards. */
  destroy(): void {
    this.#ec2.destroy();
  }

  #regionOf(zone: string): string {
    const region = this.#zones.get(zone)?.region;
    if (!region)
      throw new Error(
        `the aws provider does not serve zone ${JSON.stringify(zone)} (it serves: ${[...this.#zones.keys()].sort().join(", ")})`,
      );
    return region;
  }

  #regionConfig(region: string): AwsRegionConfig {
    return this.#config.regions[region] as AwsRegionConfig;
  }

  /** Terminates every instance launched so far and builds the error to throw. */
  async #rollBack(runId: string, planned: Planned[], failures: unknown[]): Promise<AwsAllocationError> {
    const launched = planned.filter((p) => p.ec2InstanceId);
    const terminated: string[] = [];
    const leftRunning: string[] = [];
    await Promise.all(
      [...groupBy(launched, (p) => p.region)].map(async ([region, instances]) => {
        const ids = instances.map((p) => p.ec2InstanceId as string);
        try {
          // Just launched, so perhaps not yet known to every EC2 endpoint: ask again for a few seconds.
          const { unknown } = await this.#ec2.terminate(region, ids, {
            unknownRetries: 3,
            unknownDelayMs: 1000,
          });
          terminated.push(...ids.filter((id) => !unknown.includes(id)));
          // Launched but still unknown to EC2: counted as left, the reaper's to find.
          leftRunning.push(...unknown);
        } catch (error) {
          leftRunning.push(...ids);
          this.#config.logger?.warn(
            `run ${runId}: cannot terminate ${ids.join(", ")} in ${region} after a failed allocation (the reaper will once the run is over): ${(error as Error).message}`,
          );
        }
      }),
    );
    const first = failures[0] as Error;
    const more =
      failures.length > 1
        ? ` (and ${failures.length - 1} more: ${failures
            .slice(1)
            .map((f) => (f as Error).message)
            .join("; ")})`
        : "";
    const cleanup =
      launched.length === 0
        ? "no instance had started"
        : `${terminated.length} started instance(s) terminated${leftRunning.length > 0 ? `, ${leftRunning.length} could not be: ${leftRunning.join(", ")}` : ""}`;
    return new AwsAllocationError(`${first.message}${more}; ${cleanup}`, failures, terminated, leftRunning);
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
