import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "@barrage/runner";
import { describeError, isRetryable } from "./errors.js";

/** How retries wait: exponential from `initialDelayMs` up to `maxDelayMs`, giving up after `maxElapsedMs`. */
export interface RetryPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** Total time to keep trying, ms; `Infinity` retries until the signal aborts. */
  maxElapsedMs: number;
}

/** Retries of requests the agent cannot do without: two minutes of 0.25 s to 5 s waits. */
export const DEFAULT_RETRY: RetryPolicy = { initialDelayMs: 250, maxDelayMs: 5000, maxElapsedMs: 120_000 };

/**
 * Exponential backoff with jitter: each delay is between half and all of the current step, so that
 * agents cut off together do not reconnect in lockstep.
 */
export class Backoff {
  #step: number;
  constructor(readonly policy: Pick<RetryPolicy, "initialDelayMs" | "maxDelayMs">) {
    this.#step = policy.initialDelayMs;
  }

  /** The delay before the next attempt, ms. */
  next(): number {
    const step = this.#step;
    this.#step = Math.min(step * 2, this.policy.maxDelayMs);
    return step / 2 + (Math.random() * step) / 2;
  }

  reset(): void {
    this.#step = this.policy.initialDelayMs;
  }
}

/**
 * Runs `attempt` until it succeeds, retrying with backoff while the error {@link isRetryable}.
 * A 4xx answer or any other error ends it at once; so does `signal`. Retries are logged as
 * warnings with the reason; when `maxElapsedMs` runs out, the last error is rethrown.
 *
 * @example
 * const assignment = await withRetry("GET /agent/v1/assignment", () => client.assignment(), { logger, signal });
 */
export async function withRetry<T>(
  what: string,
  attempt: () => Promise<T>,
  options: { logger: Logger; signal?: AbortSignal; policy?: RetryPolicy },
): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY;
  const backoff = new Backoff(policy);
  const deadline = Date.now() + policy.maxElapsedMs;
  for (let failures = 1; ; failures++) {
    try {
      return await attempt();
    } catch (error) {
      if (options.signal?.aborted || !isRetryable(error)) throw error;
      const delay = backoff.next();
      if (Date.now() + delay > deadline) throw error;
      // Failures 1, 2, 4, 8, ...: a long outage is visible in the log without flooding it.
      if ((failures & (failures - 1)) === 0)
        options.logger.warn(
          `${what} failed (${failures} time${failures > 1 ? "s" : ""}), retrying in ${Math.round(delay)} ms: ${describeError(error)}`,
        );
      await sleep(delay, undefined, { signal: options.signal });
    }
  }
}
