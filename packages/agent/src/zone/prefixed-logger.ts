import type { Logger } from "@barrage/runner";

/** A logger that starts every line with `prefix`, so that one job's lines stand out in a long-lived agent's log. */
export function prefixedLogger(logger: Logger, prefix: string): Logger {
  return {
    info: (message) => logger.info(`${prefix}${message}`),
    warn: (message) => logger.warn(`${prefix}${message}`),
    error: (message) => logger.error(`${prefix}${message}`),
  };
}
