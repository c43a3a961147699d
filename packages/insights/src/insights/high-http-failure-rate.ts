import { TRAINING_ITERATIONS } from "../context.js";
import type { InsightDefinition } from "../definition.js";
import { count, pct, range, round } from "../format.js";

/** k6: "higher than 15% during the first 100 completed script iterations". */
export const HIGH_FAILURE_RATE = 0.15;

const ID = "http_load_high_http_failure_rate";

/**
 * http_load_high_http_failure_rate: more than 15% of the requests made during the first 100
 * completed iterations failed. Errors that early are seldom about load, so this points at the
 * script or at access to the system.
 *
 * @example highHttpFailureRate.check(prepareRun(run))?.values?.failureRate // 0.38
 */
export const highHttpFailureRate: InsightDefinition = {
  id: ID,
  set: "http_load",
  name: "High HTTP failure rate",
  phases: ["live", "final"],
  check(ctx) {
    const training = ctx.training;
    if (!training || training.requests === 0) return undefined;
    const rate = training.failures / training.requests;
    if (!(rate > HIGH_FAILURE_RATE)) return undefined;
    const from = ctx.run.startedAt;
    const to = training.completedAt;
    return {
      id: ID,
      severity: "critical",
      title: `High HTTP failure rate: ${pct(rate)} of requests failed during the first ${TRAINING_ITERATIONS} iterations`,
      explanation:
        `${count(training.failures)} of the ${count(training.requests)} requests made during the first ` +
        `${TRAINING_ITERATIONS} completed iterations (${range(ctx, from, to)}) failed: ${pct(rate)}, above ` +
        `the ${pct(HIGH_FAILURE_RATE)} limit. Failures this early are rarely caused by load: check the ` +
        "script's URLs, headers, credentials and request bodies, and that the system is reachable from " +
        "the load generators and is not rate limiting them. Failed responses usually come back faster " +
        "than successful ones, so this run's response times and request rates look better than they are.",
      from,
      to,
      metric: "http_req_failed",
      filter: {},
      values: { failureRate: round(rate, 4), requests: training.requests, failures: training.failures },
    };
  },
};
