/**
 * The k6 end-of-test summary: the `handleSummary(data)` object, the classic text summary (jslib
 * `k6-summary`'s `textSummary` and `humanizeValue`) and the legacy `--summary-export` JSON. Pure code:
 * the numbers may come from this process's engine or from many agents.
 *
 * @example
 * const data = buildSummaryData({ metrics, rootGroup, thresholds: round.results, testRunDurationMs });
 * process.stdout.write(`\n${textSummary(data, { indent: " ", enableColors: isTTY })}\n\n`);
 */
export {
  buildSummaryData,
  type SummaryInput,
  type SummaryMetricInput,
  type ThresholdVerdict,
} from "./build.js";
export type {
  SummaryCheck,
  SummaryData,
  SummaryGroup,
  SummaryMetric,
  SummaryOptions,
  SummaryState,
} from "./data.js";
export type { CheckInput, GroupInput } from "./groups.js";
export { humanizeValue } from "./humanize.js";
export {
  type LegacyGroup,
  type LegacyMetric,
  type LegacySummaryExport,
  legacySummaryExportJson,
  toLegacySummaryExport,
} from "./legacy-export.js";
export { DEFAULT_TREND_STATS, resolveSummaryOptions } from "./options.js";
export { type TextSummaryOptions, textSummary } from "./text.js";
