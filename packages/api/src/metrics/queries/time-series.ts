import type pg from "pg";
import type { MetricType } from "../batch/metric-batch.js";
import { pointScope, type TimeWindow } from "./point-scope.js";
import { queryMetricType } from "./run-metrics.js";
import { aggregateScope, type ScopeAggregate } from "./scope-aggregates.js";
import { filterTags, type TagFilter } from "./tag-filter.js";

/** The quantiles of a trend's time series, reported as p50, p90, p95 and p99. */
const QUANTILES = [0.5, 0.9, 0.95, 0.99];

/** What to chart: one metric of a run, its series filtered by tags, in buckets of `resolutionSeconds`. */
export interface TimeSeriesQuery extends TimeWindow {
  runId: number;
  metric: string;
  filter?: TagFilter;
  /** Seconds per bucket (fractions allowed). */
  resolutionSeconds: number;
  /** Where buckets are aligned; default `from`, or the Unix epoch without it. */
  origin?: Date | number;
}

/** One bucket of a time series; `time` is the bucket's start in epoch milliseconds. */
export type TimeSeriesPoint =
  | { time: number; sum: number; rate: number }
  | { time: number; value: number; min: number; max: number }
  | { time: number; nonzero: number; total: number; rate: number }
  | {
      time: number;
      count: number;
      avg: number;
      min: number;
      max: number;
      p50: number;
      p90: number;
      p95: number;
      p99: number;
    };

/** A metric's time series; `type` is null (and `points` empty) when the run has no such metric. */
export interface TimeSeries {
  metric: string;
  type: MetricType | null;
  resolutionSeconds: number;
  /** Buckets with data, in time order; buckets without any point are absent. */
  points: TimeSeriesPoint[];
}

/**
 * A metric of a run over time, every agent and every matching series together, per bucket:
 * counters `{sum, rate}` (rate per second of the bucket), gauges `{value, min, max}` (summed-gauge
 * rule), rates `{nonzero, total, rate}` (rate = nonzero / total), trends `{count, avg, min, max, p50,
 * p90, p95, p99}` with the percentiles of the bucket's merged histogram. A period counts in the
 * bucket holding its midpoint.
 *
 * @example
 * const { points } = await queryTimeSeries(pool, { runId, metric: "http_req_duration",
 *   filter: { status: "200", zone: "local" }, resolutionSeconds: 10 });
 */
export async function queryTimeSeries(pool: pg.Pool, query: TimeSeriesQuery): Promise<TimeSeries> {
  const { runId, metric, resolutionSeconds } = query;
  const type = await queryMetricType(pool, runId, metric);
  if (type === null) return { metric, type, resolutionSeconds, points: [] };
  const scope = pointScope(runId, [{ name: metric, metric, tags: filterTags(query.filter) }], query, {
    seconds: resolutionSeconds,
    origin: query.origin ?? query.from ?? 0,
  });
  const buckets = await aggregateScope(pool, scope, type, QUANTILES);
  const points = [...buckets]
    .map(([time, aggregate]) => toPoint(time as number, aggregate, resolutionSeconds))
    .sort((a, b) => a.time - b.time);
  return { metric, type, resolutionSeconds, points };
}

function toPoint(time: number, a: ScopeAggregate, resolutionSeconds: number): TimeSeriesPoint {
  switch (a.type) {
    case "counter":
      return { time, sum: a.sum, rate: a.sum / resolutionSeconds };
    case "gauge":
      return { time, value: a.value, min: a.min, max: a.max };
    case "rate":
      return { time, nonzero: a.nonzero, total: a.total, rate: a.total > 0 ? a.nonzero / a.total : 0 };
    case "trend": {
      const [p50 = 0, p90 = 0, p95 = 0, p99 = 0] = a.percentiles;
      return { time, count: a.count, avg: a.sum / a.count, min: a.min, max: a.max, p50, p90, p95, p99 };
    }
  }
}
