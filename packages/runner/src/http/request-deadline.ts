import type { Cancellable } from "./abort-watch.js";
import { type K6Error, REQUEST_CANCELED, REQUEST_TIMEOUT } from "./error-codes.js";

/** Something in flight that can be ended early. */
export interface Failable {
  fail(error: K6Error): void;
}

// setTimeout fires at once for delays above 2^31 - 1 ms; longer deadlines are treated as none.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The one deadline of a whole request, redirects included, which an abort can also trip: the
 * exchange in flight then fails at once and no further hop starts.
 */
export class RequestDeadline implements Cancellable {
  /** Set once the deadline passed or the request was cancelled. */
  error: K6Error | null = null;
  /** The exchange in flight, failed when the deadline trips. */
  current: Failable | null = null;
  readonly #timer: NodeJS.Timeout | undefined;

  /** Throws a RangeError unless `timeoutMs` is a positive number (Infinity: no deadline). */
  constructor(timeoutMs: number) {
    if (!(timeoutMs > 0)) {
      throw new RangeError(
        `timeoutMs must be a positive number of milliseconds (k6's default is 60000), got ${timeoutMs}`,
      );
    }
    if (timeoutMs <= MAX_TIMER_MS) this.#timer = setTimeout(() => this.#trip(REQUEST_TIMEOUT), timeoutMs);
  }

  /** Ends the request as k6 does when its context is cancelled ("context canceled"). */
  cancel(): void {
    this.#trip(REQUEST_CANCELED);
  }

  /** Stops the timer; call when the request is over. */
  dispose(): void {
    clearTimeout(this.#timer);
  }

  #trip(error: K6Error): void {
    if (this.error !== null) return;
    this.error = error;
    this.current?.fail(error);
  }
}
