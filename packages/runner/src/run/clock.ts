/**
 * The test's clock: milliseconds since the test started, not counting time spent paused, so that
 * executors pick up where they were after a pause (as k6's do).
 */
export class TestClock {
  #startedAt = 0;
  #pausedAt: number | undefined;
  #pausedTotal = 0;
  #resumeWaiters: (() => void)[] = [];

  /** Starts the clock now; before this, `now()` is 0. */
  start(at: number = performance.now()): void {
    this.#startedAt = at;
  }

  get started(): boolean {
    return this.#startedAt !== 0;
  }

  /** Elapsed test time in ms. */
  now(): number {
    if (this.#startedAt === 0) return 0;
    const end = this.#pausedAt ?? performance.now();
    return end - this.#startedAt - this.#pausedTotal;
  }

  get paused(): boolean {
    return this.#pausedAt !== undefined;
  }

  pause(): void {
    if (this.#pausedAt === undefined) this.#pausedAt = performance.now();
  }

  resume(): void {
    if (this.#pausedAt === undefined) return;
    this.#pausedTotal += performance.now() - this.#pausedAt;
    this.#pausedAt = undefined;
    const waiters = this.#resumeWaiters;
    this.#resumeWaiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves at once when running, or when the clock is resumed. */
  whenRunning(): Promise<void> {
    if (this.#pausedAt === undefined) return Promise.resolve();
    return new Promise((resolve) => this.#resumeWaiters.push(resolve));
  }

  /**
   * Resolves when the test clock reaches `at` (or the signal aborts), sleeping through pauses.
   * Returns false when aborted first.
   */
  async until(at: number, signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) return false;
      await this.whenRunning();
      const wait = at - this.now();
      if (wait <= 0) return true;
      const completed = await delay(wait, signal);
      if (!completed) return false;
    }
  }
}

/** Resolves true after `ms`, or false as soon as the signal aborts. Never rejects. */
export function delay(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
