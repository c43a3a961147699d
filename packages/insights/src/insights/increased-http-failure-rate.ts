import { TRAINING_ITERATIONS } from "../context.js";
import type { InsightDefinition } from "../definition.js";
import { capitalize, count, pct, points, range, round } from "../format.js";
import { compareProportions } from "../stats/proportions.js";

/** k6: a period whose failure rate is 10 points above the start's. */
export const INCREASE_POINTS = 0.1;
/** The length of the periods compared with the start: long enough to smooth single slow seconds. */
export const WINDOW_MS = 10_000;
/** Rounding slack, so that exactly 10 points counts as 10 points. */
const EPSILON = 1e-9;

const ID = "http_load_increased_http_failure_rate";

/**
 * http_load_increased_http_failure_rate: after the first 100 completed iterations, a period of at
 * least 10 s whose failure rate is at least 10 percentage points above the rate of those first
 * iterations, and significantly so (two-proportion z-test at the 1% level, so that a handful of
 * requests cannot trigger it). Overlapping windows merge into one period, trimmed to its elevated
 * seconds; the period with the most failures beyond the start's rate is reported.
 *
 * @example increasedHttpFailureRate.check(prepareRun(run))?.from
 */
export const increasedHttpFailureRate: InsightDefinition = {
  id: ID,
  set: "http_load",
  name: "Increased HTTP failure rate",
  phases: ["live", "final"],
  check(ctx) {
    const training = ctx.training;
    if (!training || training.requests === 0) return undefined;
    const baseRate = training.failures / training.requests;
    const width = Math.max(1, Math.round(WINDOW_MS / ctx.periodMs));
    const reqSums = prefixSums(ctx.requests);
    const failSums = prefixSums(ctx.failures);
    const between = (sums: Float64Array, a: number, b: number) =>
      (sums[b + 1] as number) - (sums[a] as number);

    interface Period {
      first: number;
      last: number;
      peak: number;
      peakAt: number;
    }
    const periods: Period[] = [];
    for (let i = training.lastBucket + 1; i + width <= ctx.buckets; i++) {
      const r = between(reqSums, i, i + width - 1);
      if (r === 0) continue;
      const f = between(failSums, i, i + width - 1);
      const rate = f / r;
      if (rate - baseRate < INCREASE_POINTS - EPSILON) continue;
      if (!compareProportions(training.failures, training.requests, f, r).significant) continue;
      const current = periods[periods.length - 1];
      if (current && i <= current.last + 1) {
        current.last = i + width - 1;
        if (rate > current.peak) {
          current.peak = rate;
          current.peakAt = i;
        }
      } else {
        periods.push({ first: i, last: i + width - 1, peak: rate, peakAt: i });
      }
    }
    if (periods.length === 0) return undefined;
    // A window only needs a few elevated seconds to qualify, so the union of windows overhangs
    // the elevated stretch; trim the ends back to seconds that are elevated themselves.
    const elevated = (i: number) => {
      const r = ctx.requests[i] as number;
      return r > 0 && (ctx.failures[i] as number) / r - baseRate >= INCREASE_POINTS - EPSILON;
    };
    for (const p of periods) {
      while (p.first < p.last && !elevated(p.first)) p.first++;
      while (p.last > p.first && !elevated(p.last)) p.last--;
    }
    const excess = (p: Period) =>
      between(failSums, p.first, p.last) - baseRate * between(reqSums, p.first, p.last);
    const worst = periods.reduce((a, b) => (excess(b) > excess(a) ? b : a));
    const requests = between(reqSums, worst.first, worst.last);
    const failures = between(failSums, worst.first, worst.last);
    const rate = failures / requests;
    const from = ctx.bucketStart(worst.first);
    const to = ctx.bucketEnd(worst.last);
    const others = periods.length > 1 ? ` It was one of ${periods.length} such periods.` : "";
    return {
      id: ID,
      severity: "critical",
      title: `Increased HTTP failure rate: ${pct(rate)} of requests failed ${range(ctx, from, to)}`,
      explanation:
        `${capitalize(range(ctx, from, to))}, ${count(failures)} of ` +
        `${count(requests)} requests failed (${pct(rate)}), ${points(rate - baseRate)} above the ` +
        `${pct(baseRate)} of the first ${TRAINING_ITERATIONS} iterations ` +
        `(${range(ctx, ctx.run.startedAt, training.completedAt)}); its worst ${WINDOW_MS / 1000} s reached ` +
        `${pct(worst.peak)}.${others} A failure rate that rises during a test usually means the system ` +
        "is near its limit: timeouts, rate limits, or a saturated resource (CPU, memory, disk I/O, " +
        "database connections). Failed responses usually come back faster than successful ones, so " +
        "request rates and response times in this period look better than they are.",
      from,
      to,
      metric: "http_req_failed",
      filter: {},
      values: {
        baselineRate: round(baseRate, 4),
        failureRate: round(rate, 4),
        peakRate: round(worst.peak, 4),
        requests,
        failures,
        periods: periods.length,
      },
    };
  },
};

function prefixSums(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length + 1);
  for (let i = 0; i < values.length; i++) out[i + 1] = (out[i] as number) + (values[i] as number);
  return out;
}
