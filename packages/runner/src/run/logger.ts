/** Where the runner's messages go; the CLI prints them, tests collect them. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A logger that writes `level message` lines to stderr. */
export const consoleLogger: Logger = {
  info: (m) => process.stderr.write(`INFO  ${m}\n`),
  warn: (m) => process.stderr.write(`WARN  ${m}\n`),
  error: (m) => process.stderr.write(`ERROR ${m}\n`),
};

/**
 * Prints each distinct error a limited number of times and counts the rest, so that an exception
 * thrown in every iteration of 1,000 VUs reads as one message and a count, not a flood.
 */
export class RepeatLimiter {
  readonly #seen = new Map<string, number>();
  constructor(
    readonly logger: Logger,
    readonly limit = 5,
  ) {}

  error(key: string, message: string): void {
    const count = (this.#seen.get(key) ?? 0) + 1;
    this.#seen.set(key, count);
    if (count <= this.limit) this.logger.error(message);
    if (count === this.limit)
      this.logger.error(`(further occurrences of this error are counted, not printed)`);
  }

  /** Errors beyond the limit, by key, for the end of the test. */
  suppressed(): [string, number][] {
    return [...this.#seen].filter(([, n]) => n > this.limit).map(([k, n]) => [k, n - this.limit]);
  }
}
