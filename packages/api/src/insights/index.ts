/**
 * Performance insights of a run on the platform: its series read from the metric store in the shape
 * `@barrage/insights` analyses, a round of insights computed and stored in `insight_results`, and
 * the stored ones read back. See README.md beside this file.
 *
 * @example
 * await computeRunInsights(pool, runId, "live"); // every few seconds while the run goes on
 * await computeRunInsights(pool, runId, "final"); // once when it has ended
 * const insights = await queryRunInsights(pool, runId); // most severe first
 */
export { AGENT_USAGE_METRICS } from "./agent-usage.js";
export { type BuildRunSeriesOptions, buildRunSeries } from "./build-run-series.js";
export { computeRunInsights, type RunInsightsRound } from "./compute-run-insights.js";
export { type LiveInsightsOptions, startLiveInsights } from "./live-insights-loop.js";
export { queryRunInsights } from "./query-run-insights.js";
export { type InsightDetail, saveRunInsights } from "./save-run-insights.js";
