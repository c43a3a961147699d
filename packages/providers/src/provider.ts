/** One instance to boot: the id the platform knows it by and the one-time token it calls home with. */
export interface InstanceToBoot {
  instanceId: string;
  /** Secret: hand it to the agent out of sight of other users (environment, user data), never in argv or logs. */
  bootstrapToken: string;
  /**
   * The zone of this instance when it is not the request's: one allocation may then span several
   * zones of one provider and is all or nothing across them (e.g. `aws` regions). Providers that
   * serve a single zone ignore it.
   */
  zone?: string;
}

/** What a provider needs to start the agents of one run in one zone. */
export interface AllocationRequest {
  runId: string;
  /** The load zone's name, e.g. `local` or `amazon:us:ashburn`. */
  zone: string;
  instances: readonly InstanceToBoot[];
  /** The API's agent endpoint the agents call home to, `https://host:port`. */
  apiUrl: string;
  /** The platform CA certificate (PEM): the only issuer the agents accept for the API. */
  caCertificatePem: string;
  /**
   * The most VUs one instance runs (the zone's `vus_per_agent`): providers that size machines,
   * like `aws`, pick the instance type from it. Not set: the provider's smallest size.
   */
  vusPerInstance?: number;
}

/** One started instance: `providerRef` is what `status` and `release` take, opaque to the platform. */
export interface AllocatedInstance {
  instanceId: string;
  providerRef: string;
}

/**
 * What a provider knows about one instance. `unknown` means this provider does not (or no longer)
 * know the reference, e.g. a local process started by an API process that has since restarted.
 */
export type InstanceStatus =
  | { state: "running" }
  | { state: "exited"; exitCode: number | null; signal: string | null }
  | { state: "unknown" };

/** A load zone a provider serves. */
export interface ZoneDescription {
  name: string;
  /** The provider plugin's name, e.g. `local`. */
  provider: string;
  description: string;
}

/**
 * A load-zone provider plugin (design.md, "packages/providers"): it boots one agent per instance
 * of a run with that instance's bootstrap token, reports whether an instance is still there, and
 * releases instances when the run is done with them.
 *
 * @example
 * const started = await provider.allocate({ runId: "42", zone: "local", instances, apiUrl, caCertificatePem });
 * await provider.release(started.map((s) => s.providerRef));
 */
/** What the reaper asks the platform. */
export interface ReapOptions {
  /**
   * Whether the run still needs its instances (not yet in an end status). Asked once per run per
   * reap. When it throws, that run's instances are kept: the reaper ends only what it knows is over.
   */
  isRunLive(runId: string): Promise<boolean>;
}

/** One instance the reaper terminated, and why. */
export interface ReapedInstance {
  /** Where it ran: a region, a host. */
  region: string;
  /** The provider's own id of the instance, e.g. an EC2 instance id. */
  ec2InstanceId: string;
  /** The run it was tagged with; undefined when it had no `barrage:run-id` tag. */
  runId: string | undefined;
  reason: "run over" | "no run tag";
}

/** What one reap did. */
export interface ReapReport {
  /** Instances of this platform found alive (pending, running, stopping, stopped). */
  examined: number;
  terminated: ReapedInstance[];
  /** Instances kept: their run is live, or whether it is could not be told. */
  kept: number;
  /** Regions that could not be listed or cleaned, runs that could not be checked. */
  errors: string[];
}

export interface LoadZoneProvider {
  /** The plugin's name, as `load_zones.provider` names it: `local`, `private`, `aws`. */
  readonly name: string;
  /**
   * True when `allocate` takes instances of several of this provider's zones in one request
   * (`InstanceToBoot.zone`) and starts them all or none across those zones (`aws`: one allocation
   * spans regions). The platform then sends one request per run and provider instead of one per
   * zone, so that a run split over two regions never runs in one region while the other failed.
   * Providers without it get one request per zone.
   */
  readonly allocatesAcrossZones?: boolean;
  /**
   * Starts every instance of the request, or none: when one cannot be started, those already
   * started are released and the error is thrown.
   */
  allocate(request: AllocationRequest): Promise<AllocatedInstance[]>;
  status(providerRef: string): Promise<InstanceStatus>;
  /**
   * Stops the instances and frees what they hold; resolves once they are gone. Releasing an
   * unknown or already released reference is not an error, so a retried release is safe.
   */
  release(providerRefs: readonly string[]): Promise<void>;
  listZones(): Promise<ZoneDescription[]>;
  /**
   * The safety net behind `release`, for providers whose instances outlive the platform's process
   * (cloud machines): ends every instance this platform started whose run is over or unknown.
   * Providers whose instances die with the platform (local processes) have none.
   */
  reapInstances?(options: ReapOptions): Promise<ReapReport>;
}
