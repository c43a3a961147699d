import { fromUnits } from "@barrage/hdr-native";
import type { InsightDefinition } from "../definition.js";
import { count, ms, pct, pValue, round } from "../format.js";
import { compareHistograms, type PercentileChange } from "../stats/histogram-test.js";
import { DEFAULT_ALPHA } from "../stats/proportions.js";

/** p95 must be at least 5% slower than the baseline's to matter… */
export const MIN_P95_CHANGE = 0.05;
/** …and at least 1 ms slower, so that sub-millisecond jitter on a local target does not count. */
export const MIN_P95_CHANGE_MS = 1;
/** From 20% slower on, a regression is critical. */
export const CRITICAL_P95_CHANGE = 0.2;

const ID = "http_load_latency_regression";

/**
 * http_load_latency_regression (Barrage): this run's response times are slower than the baseline
 * run's, both statistically and practically. Statistically: the Mann–Whitney U test with tie
 * correction on the bucket counts of the two merged `http_req_duration` histograms, significant at
 * the 1% level with this run on the slow side. Practically: p95 at least 5% and 1 ms slower.
 * Critical from +20%.
 *
 * @example latencyRegression.check(prepareRun({ ...run, baseline }))?.values?.p95Change // 0.18
 */
export const latencyRegression: InsightDefinition = {
  id: ID,
  set: "http_load",
  name: "Latency regression against the baseline",
  // Decodes and walks two whole-run histograms, and a partial run would compare unlike periods.
  phases: ["final"],
  check(ctx) {
    const { baseline, durationHistogram } = ctx.run;
    if (!baseline || !durationHistogram) return undefined;
    const cmp = compareHistograms(baseline.durationHistogram, durationHistogram);
    if (!cmp.significant || !(cmp.probabilityBHigher > 0.5)) return undefined;
    const p95 = cmp.percentiles.find((p) => p.q === 0.95) as PercentileChange;
    const before = fromUnits(p95.a);
    const after = fromUnits(p95.b);
    if (p95.change < MIN_P95_CHANGE || after - before < MIN_P95_CHANGE_MS) return undefined;
    const others = cmp.percentiles
      .filter((p) => p.q !== 0.95)
      .map((p) => `p${round(p.q * 100, 1)} ${ms(fromUnits(p.a))} → ${ms(fromUnits(p.b))}`)
      .join(", ");
    return {
      id: ID,
      severity: p95.change >= CRITICAL_P95_CHANGE ? "critical" : "warning",
      title: `Slower than the baseline: p95 ${ms(after)}, ${pct(p95.change)} above run ${baseline.runId}`,
      explanation:
        `Over the whole test, p95 response time was ${ms(after)} against ${ms(before)} in baseline run ` +
        `${baseline.runId} (${pct(p95.change)} slower; ${others}). The shift is statistically significant: ` +
        `a Mann–Whitney U test on the merged histograms of all ${count(cmp.countB)} requests of this run ` +
        `and ${count(cmp.countA)} of the baseline gives ${pValue(cmp.pValue)} (below ${DEFAULT_ALPHA}), and a ` +
        `request of this run is slower than one of the baseline with probability ` +
        `${pct(cmp.probabilityBHigher)}. If the test and its load did not change, the system did.`,
      from: ctx.run.startedAt,
      to: ctx.run.endedAt,
      metric: "http_req_duration",
      filter: {},
      values: {
        baselineRunId: baseline.runId,
        p95Baseline: round(before, 3),
        p95: round(after, 3),
        p95Change: round(p95.change, 4),
        pValue: cmp.pValue,
        probabilitySlower: round(cmp.probabilityBHigher, 4),
      },
    };
  },
};
