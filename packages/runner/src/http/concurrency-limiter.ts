/**
 * Runs at most `limit` tasks at a time, the rest in arrival order as slots free up; for
 * `http.batch` with k6's `batch` and `batchPerHost` limits (one limiter per host for the latter).
 *
 * @example
 * const perHost = new ConcurrencyLimiter(6);
 * const results = await Promise.all(requests.map((r) => perHost.run(() => client.request(r))));
 */
export class ConcurrencyLimiter {
  readonly limit: number;
  #active = 0;
  readonly #waiting: Array<() => void> = [];

  /** Throws a RangeError unless `limit` is a positive integer. */
  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`ConcurrencyLimiter limit must be a positive integer, got ${limit}`);
    }
    this.limit = limit;
  }

  /** Tasks running now. */
  get active(): number {
    return this.#active;
  }

  /** Runs `task` once a slot is free; settles as the task does. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active < this.limit) this.#active++;
    // A finishing task hands its slot straight to the next waiter, so #active is not touched here.
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next === undefined) this.#active--;
      else next();
    }
  }
}
