import type pg from "pg";
import { pointScope, type TimeWindow } from "./point-scope.js";
import { queryMetricType } from "./run-metrics.js";
import { aggregateScope } from "./scope-aggregates.js";
import { filterTags, type TagFilter } from "./tag-filter.js";

/** A trend of a run, its series filtered by tags, over a window (the whole run without one). */
export interface PercentilesQuery extends TimeWindow {
  runId: number;
  metric: string;
  filter?: TagFilter;
  /** Quantiles in [0, 1], e.g. `[0.5, 0.95, 0.99]`. */
  quantiles: readonly number[];
}

/** A trend's statistics over a window; all zero when nothing matched. */
export interface WindowPercentiles {
  count: number;
  sum: number;
  min: number;
  max: number;
  avg: number;
  /** Values at the quantiles asked for, in their order, from the merged histogram. */
  percentiles: number[];
}

/**
 * Percentiles of a trend over any window and tag filter, from the histograms of every matching
 * series, agent and period merged in the database; never averaged. A period belongs to the window
 * when its midpoint is in `[from, to)`.
 *
 * @throws RangeError when the metric is not a trend, or a quantile is outside [0, 1]
 * @example
 * const { percentiles: [p95] } = await queryPercentiles(pool, { runId, metric: "http_req_duration",
 *   filter: { name: "login" }, from: startedAt, to: startedAt + 60_000, quantiles: [0.95] });
 */
export async function queryPercentiles(pool: pg.Pool, query: PercentilesQuery): Promise<WindowPercentiles> {
  const { runId, metric, quantiles } = query;
  const type = await queryMetricType(pool, runId, metric);
  const empty = { count: 0, sum: 0, min: 0, max: 0, avg: 0, percentiles: quantiles.map(() => 0) };
  if (type === null) return empty;
  if (type !== "trend") {
    throw new RangeError(`metric ${JSON.stringify(metric)} is a ${type}; percentiles exist only for trends`);
  }
  const scope = pointScope(runId, [{ name: metric, metric, tags: filterTags(query.filter) }], query);
  const trend = (await aggregateScope(pool, scope, type, quantiles)).get(metric);
  if (trend?.type !== "trend") return empty;
  const { count, sum, min, max, percentiles } = trend;
  return { count, sum, min, max, avg: sum / count, percentiles };
}
