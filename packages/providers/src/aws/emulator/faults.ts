/** An error the emulator answers instead of doing the call. */
export interface FaultRule {
  /** Only this action (e.g. `RunInstances`); any when not set. */
  action?: string;
  /** Only calls signed for this region; any when not set. */
  region?: string;
  /** Only RunInstances into this subnet. */
  subnetId?: string;
  /** The EC2 error code, e.g. `InsufficientInstanceCapacity`. */
  code: string;
  message?: string;
  /** Default: 503 for throttling, 500 for the codes EC2 lists as server errors (capacity), 400 otherwise. */
  httpStatus?: number;
  /** How many calls fail; every one when not set. */
  times?: number;
}

/** The answer to one faulted call. */
export interface FaultAnswer {
  code: string;
  message: string;
  httpStatus: number;
}

const SERVER_CODES = new Set([
  "InsufficientInstanceCapacity",
  "InsufficientCapacity",
  "InsufficientHostCapacity",
  "InsufficientReservedInstanceCapacity",
  "InternalError",
  "Unavailable",
]);
const THROTTLE_CODES = new Set(["RequestLimitExceeded", "ServiceUnavailable"]);

/**
 * The faults injected into an emulator: errors by action, region and subnet, each for a number of
 * calls, and regions whose instances never get past `pending`.
 *
 * @example
 * faults.add({ action: "RunInstances", code: "RequestLimitExceeded", times: 2 });
 */
export class Faults {
  readonly #rules: (FaultRule & { left: number })[] = [];
  readonly #stuckRegions = new Set<string | undefined>();

  add(rule: FaultRule): void {
    this.#rules.push({ ...rule, left: rule.times ?? Number.POSITIVE_INFINITY });
  }

  /** Instances launched in `region` (every region when undefined) stay `pending` and run nothing. */
  stayPending(region?: string): void {
    this.#stuckRegions.add(region);
  }

  staysPending(region: string): boolean {
    return this.#stuckRegions.has(undefined) || this.#stuckRegions.has(region);
  }

  clear(): void {
    this.#rules.length = 0;
    this.#stuckRegions.clear();
  }

  /** The fault this call hits, counting it down; undefined when it proceeds. */
  take(action: string, region: string, params: URLSearchParams): FaultAnswer | undefined {
    const rule = this.#rules.find(
      (r) =>
        r.left > 0 &&
        (r.action === undefined || r.action === action) &&
        (r.region === undefined || r.region === region) &&
        (r.subnetId === undefined || r.subnetId === params.get("SubnetId")),
    );
    if (!rule) return undefined;
    rule.left--;
    return {
      code: rule.code,
      message: rule.message ?? defaultMessage(rule.code, region, params),
      httpStatus:
        rule.httpStatus ?? (THROTTLE_CODES.has(rule.code) ? 503 : SERVER_CODES.has(rule.code) ? 500 : 400),
    };
  }
}

/** EC2's own wording, so that messages read in tests as they would in production. */
function defaultMessage(code: string, region: string, params: URLSearchParams): string {
  const type = params.get("InstanceType") ?? "m7i.large";
  switch (code) {
    case "RequestLimitExceeded":
      return "Request limit exceeded.";
    case "InsufficientInstanceCapacity":
      return `We currently do not have sufficient ${type} capacity in the Availability Zone you requested (${region}a). Our system will be working on provisioning additional capacity. You can currently get ${type} capacity by not specifying an Availability Zone in your request or choosing ${region}b, ${region}c.`;
    case "InstanceLimitExceeded":
      return `You have requested more instances than your current instance limit allows for the specified instance type. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.`;
    case "VcpuLimitExceeded":
      return "You have requested more vCPU capacity than your current vCPU limit of 32 allows for the instance bucket that the specified instance type belongs to. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.";
    default:
      return `${code} (injected by the emulator)`;
  }
}
