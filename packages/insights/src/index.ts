/**
 * Performance insights for Barrage: pure functions over a run's aggregated series that say what a
 * load test's numbers mean. k6 Cloud's set (keyed `<set>_<name>` and switchable per test as in k6's
 * `options.cloud.insights`), plus response time that grows with load, regressions against a
 * baseline run, error bursts tied to a URL or status and uneven load zones. Also the two
 * significance tests the platform's run comparison uses.
 *
 * @example
 * import { computeInsights, readInsightSwitches } from "@barrage/insights";
 * const { switches } = readInsightSwitches(options.cloud?.insights);
 * const insights = computeInsights(run, { phase: "final", switches });
 */
export { type ComputeOptions, computeInsights, INSIGHTS, type InsightInfo } from "./compute.js";
export type { InsightSet, Phase } from "./definition.js";
export { AGENT_CPU_METRIC, AGENT_MEMORY_METRIC } from "./insights/loadgen-usage.js";
export {
  type CompareHistogramsOptions,
  compareHistograms,
  type HistogramComparison,
  type HistogramTest,
  type PercentileChange,
} from "./stats/histogram-test.js";
export { compareProportions, type ProportionComparison } from "./stats/proportions.js";
export { compareRates, type RateComparison } from "./stats/rates.js";
export {
  InsightOptionsError,
  type InsightSwitches,
  isInsightEnabled,
  readInsightSwitches,
} from "./switches.js";
export type {
  AgentSeries,
  Baseline,
  Cardinality,
  HistogramInput,
  HostRequests,
  Insight,
  Point,
  RunSeries,
  Severity,
  StatusSeries,
  UrlSeries,
  ZoneStats,
} from "./types.js";
