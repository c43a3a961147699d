import { setTimeout as sleep } from "node:timers/promises";
import { classifyEc2Error, Ec2CallError, ec2ErrorCode, ec2ErrorMessage } from "./errors.js";

/** How EC2 calls are retried when throttled or transiently failed. */
export interface RetryPolicy {
  /** Attempts in all, the first included (default 6). */
  maxAttempts: number;
  /** The first back-off, doubled at each attempt (default 500 ms). */
  baseDelayMs: number;
  /** The longest back-off (default 20 s). */
  maxDelayMs: number;
}

/**
 * Six attempts over about 15 s at most: EC2's request-rate buckets refill within seconds.
 *
 * @example
 * const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 10 };
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 20_000 };

/** What a retried call is, for messages: `RunInstances` in `us-east-1`. */
export interface Ec2CallSite {
  action: string;
  region: string;
}

/**
 * Runs an EC2 call, retrying it while it is throttled or transiently failed, with exponential
 * back-off and full jitter (AWS's advice: many clients backing off in step would throttle again
 * together). Capacity, quota and other errors are not retried here: the caller decides (another
 * subnet, or give up). Every failure is rethrown as an {@link Ec2CallError} whose message starts
 * with the code and region; a retry is announced through `onRetry`.
 *
 * @example
 * const out = await withEc2Retries({ action: "DescribeInstances", region }, () => client.send(command), policy, log.warn);
 */
export async function withEc2Retries<T>(
  site: Ec2CallSite,
  call: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  onRetry?: (message: string) => void,
): Promise<T> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const kind = classifyEc2Error(error);
      const code = ec2ErrorCode(error);
      const retryable = kind === "throttled" || kind === "transient";
      if (!retryable || attempt >= policy.maxAttempts) {
        const detail =
          retryable && attempt > 1
            ? `EC2 ${site.action} still failing after ${attempt} attempts over ${((Date.now() - started) / 1000).toFixed(1)} s: ${ec2ErrorMessage(error)}`
            : `EC2 ${site.action}: ${ec2ErrorMessage(error)}`;
        throw new Ec2CallError(code, site.region, kind, detail, { cause: error });
      }
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const delay = Math.round(Math.random() * ceiling);
      onRetry?.(
        `EC2 ${site.action} in ${site.region} ${kind === "throttled" ? "throttled" : "failed"} (${code}), attempt ${attempt} of ${policy.maxAttempts}; retrying in ${delay} ms`,
      );
      await sleep(delay);
    }
  }
}
