/**
 * What an EC2 error means for the caller:
 * - `throttled`: too many requests; the same call succeeds later, so it is retried with backoff.
 * - `transient`: EC2 or the network failed this once (5xx, reset connection); retried likewise.
 * - `capacity`: no capacity of this type in this availability zone right now; another subnet may
 *   have it, retrying the same one at once rarely helps.
 * - `quota`: the account's limit (instances, vCPUs) is reached; nothing but a quota increase helps.
 * - `not-found`: the instance id is unknown (or not yet known: EC2 is eventually consistent).
 * - `fatal`: anything else (bad AMI, missing permission, invalid parameter): retrying cannot help.
 */
export type Ec2ErrorKind = "throttled" | "transient" | "capacity" | "quota" | "not-found" | "fatal";

const THROTTLING = new Set([
  "RequestLimitExceeded",
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestThrottled",
  "RequestThrottledException",
  "TooManyRequestsException",
  "EC2ThrottledException",
  "SlowDown",
]);
const CAPACITY = new Set([
  "InsufficientInstanceCapacity",
  "InsufficientCapacity",
  "InsufficientHostCapacity",
  "InsufficientReservedInstanceCapacity",
  "InsufficientFreeAddressesInSubnet",
  // The instance type is not offered in this subnet's availability zone: like no capacity there.
  "Unsupported",
]);
const QUOTA = new Set(["InstanceLimitExceeded", "VcpuLimitExceeded", "MaxSpotInstanceCountExceeded"]);
const NOT_FOUND = new Set(["InvalidInstanceID.NotFound", "InvalidInstanceID.Malformed"]);
const TRANSIENT = new Set(["InternalError", "InternalFailure", "ServiceUnavailable", "Unavailable"]);
const NETWORK = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN", "TimeoutError"]);

/**
 * The error code the SDK gives (its `name`), or a network error's code.
 *
 * @example
 * ec2ErrorCode(error); // "InsufficientInstanceCapacity"
 */
export function ec2ErrorCode(error: unknown): string {
  const e = error as { name?: string; code?: string; Code?: string } | undefined;
  return e?.Code ?? (e?.name && e.name !== "Error" ? e.name : undefined) ?? e?.code ?? "Error";
}

/**
 * Classifies an error of an EC2 call by its code.
 *
 * @example
 * classifyEc2Error(Object.assign(new Error("Request limit exceeded."), { name: "RequestLimitExceeded" })); // "throttled"
 */
export function classifyEc2Error(error: unknown): Ec2ErrorKind {
  const code = ec2ErrorCode(error);
  if (THROTTLING.has(code)) return "throttled";
  if (CAPACITY.has(code)) return "capacity";
  if (QUOTA.has(code)) return "quota";
  if (NOT_FOUND.has(code)) return "not-found";
  const e = error as { $metadata?: { httpStatusCode?: number }; cause?: { code?: string } } | undefined;
  const status = e?.$metadata?.httpStatusCode;
  // A connection that failed: the request may or may not have reached EC2, so only idempotent
  // calls may be retried (RunInstances is, through its client token).
  const network = NETWORK.has(code) || NETWORK.has(e?.cause?.code ?? "");
  if (TRANSIENT.has(code) || network || (status !== undefined && status >= 500)) return "transient";
  return "fatal";
}

/**
 * An EC2 call that failed for good, with the provider's reason first in its message, e.g.
 * `InsufficientInstanceCapacity in us-east-1: We currently do not have sufficient m7i.large capacity ...`.
 * The SDK's error is the `cause`.
 *
 * @example
 * if (error instanceof Ec2CallError && error.kind === "quota") console.error(error.message);
 */
export class Ec2CallError extends Error {
  override readonly name = "Ec2CallError";
  constructor(
    readonly code: string,
    readonly region: string,
    readonly kind: Ec2ErrorKind,
    /** The message without the leading code and region. */
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${code} in ${region}: ${detail}`, options);
  }
}

/**
 * The message of an SDK error, for the detail of an {@link Ec2CallError}.
 *
 * @example
 * ec2ErrorMessage(error); // "Request limit exceeded."
 */
export function ec2ErrorMessage(error: unknown): string {
  const message = (error as Error)?.message;
  return message && message !== "UnknownError" ? message : String(error);
}
