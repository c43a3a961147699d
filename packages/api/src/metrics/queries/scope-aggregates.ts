import type pg from "pg";
import type { MetricType } from "../batch/metric-batch.js";
import { clampToRange } from "../clamp.js";
import { prepareMetricStore } from "../store-mode.js";
import { type GaugeValue, queryGaugeValues } from "./gauge-values.js";
import type { PointScope } from "./point-scope.js";
import { queryTotals } from "./totals.js";
import { queryTrendPercentiles } from "./trend-percentiles.js";

/** A trend's merged statistics over a group: exact count, sum and extremes, percentiles from the merged histogram. */
export interface TrendAggregate {
  type: "trend";
  count: number;
  sum: number;
  min: number;
  max: number;
  /** Values at the quantiles asked for, in their order, clamped to [min, max]. */
  percentiles: number[];
}

/** What a group of points of one metric type adds up to. */
export type ScopeAggregate =
  | { type: "counter"; sum: number }
  | ({ type: "gauge" } & GaugeValue)
  | { type: "rate"; nonzero: number; total: number }
  | TrendAggregate;

/**
 * Aggregates a scope's points per group, for metrics of one type: counters summed, rates' counts
 * summed, gauges by the summed-gauge rule, trends' exact statistics summed and their histograms merged
 * in the database for `quantiles`. Groups without points have no entry.
 */
export async function aggregateScope(
  pool: pg.Pool,
  scope: PointScope,
  type: MetricType,
  quantiles: readonly number[] = [],
): Promise<Map<unknown, ScopeAggregate>> {
  if (type === "gauge") {
    const values = await queryGaugeValues(pool, scope);
    return new Map([...values].map(([g, value]) => [g, { type, ...value }]));
  }
  const totals = await queryTotals(pool, scope);
  if (type === "counter") return new Map([...totals].map(([g, t]) => [g, { type, sum: t.counterSum }]));
  if (type === "rate") {
    return new Map([...totals].map(([g, t]) => [g, { type, nonzero: t.nonzero, total: t.total }]));
  }
  const percentiles =
    quantiles.length > 0
      ? await queryTrendPercentiles(pool, await prepareMetricStore(pool), scope, quantiles)
      : new Map<unknown, number[]>();
  const trends = new Map<unknown, ScopeAggregate>();
  for (const [g, t] of totals) {
    if (t.trendMin === null || t.trendMax === null || t.trendCount === 0) continue;
    const [min, max] = [t.trendMin, t.trendMax];
    const values = percentiles.get(g) ?? quantiles.map(() => 0);
    trends.set(g, {
      type,
      count: t.trendCount,
      sum: t.trendSum,
      min,
      max,
      percentiles: values.map((v) => clampToRange(v, min, max)),
    });
  }
  return trends;
}
