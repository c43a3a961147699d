/**
 * The metric store of the platform: ingest of the agents' metric batches into time-partitioned
 * PostgreSQL, values derived as data arrives, queries over the aggregate of all agents (run summary,
 * time series, percentiles over any window and tag filter, from merged HDR histograms), thresholds on
 * that aggregate, and partition maintenance. See README.md beside this file.
 *
 * @example
 * await prepareMetricStore(pool, { logger });
 * const { duplicate } = await ingestBatch(pool, { runId, instanceId }, body);
 * const round = await evaluateRunThresholds(pool, runId, options.thresholds, elapsedMs, "periodic");
 * const summary = await queryRunSummary(pool, runId, { thresholds: options.thresholds });
 */

export { agentTagStamp, INSTANCE_TAG, ZONE_TAG } from "./batch/agent-tags.js";
export { BatchRejected } from "./batch/batch-rejected.js";
export type { MetricBatch, MetricPoint, MetricType, ValueContains } from "./batch/metric-batch.js";
export { MAX_PERIOD_MS, type ParseBatchOptions, parseMetricBatch } from "./batch/parse-batch.js";
export { tagsKey } from "./batch/tags-key.js";
export { DERIVED_BUCKET_MS, DERIVED_QUANTILES } from "./derived/derived-state.js";
export { METRICS_CHANNEL, type MetricsNotification } from "./ingest/claim-batches.js";
export { type IngestResult, ingestBatch } from "./ingest/ingest-batch.js";
export type { BatchSource } from "./ingest/sourced-batch.js";
export { dropMetricPartitionsBefore } from "./partitions/drop-partitions.js";
export { ensureMetricPartitions } from "./partitions/ensure-partitions.js";
export {
  DEFAULT_AHEAD_DAYS,
  DEFAULT_RETENTION_DAYS,
  type PartitionsTaskPayload,
  partitionsTask,
} from "./partitions/partitions-task.js";
export { type DerivedMetric, type DerivedQuery, queryDerivedMetrics } from "./queries/derived-metrics.js";
export { SUMMED_GAUGES } from "./queries/gauge-values.js";
export { type HttpFigures, queryHttpBreakdown } from "./queries/http-breakdown.js";
export { type MetricSpan, queryMetricSpan } from "./queries/metric-span.js";
export type { TimeWindow } from "./queries/point-scope.js";
export { queryMetricType, queryRunMetrics, type RunMetric } from "./queries/run-metrics.js";
export { queryRunStats, type RunStats } from "./queries/run-stats.js";
export { AGENT_METRIC_PREFIX, queryRunSummary, type RunSummaryOptions } from "./queries/run-summary.js";
export { querySinks, type SinkTarget } from "./queries/sinks.js";
export { filterTags, type TagFilter } from "./queries/tag-filter.js";
export {
  queryTimeSeries,
  type TimeSeries,
  type TimeSeriesPoint,
  type TimeSeriesQuery,
} from "./queries/time-series.js";
export {
  type PercentilesQuery,
  queryPercentiles,
  type WindowPercentiles,
} from "./queries/window-percentiles.js";
export { type MetricStoreLogger, type MetricStoreOptions, prepareMetricStore } from "./store-mode.js";
export { type EvaluationPhase, evaluateRunThresholds } from "./thresholds/evaluate-run-thresholds.js";
export { queryThresholdResults, type ThresholdResultRow } from "./thresholds/threshold-results.js";
