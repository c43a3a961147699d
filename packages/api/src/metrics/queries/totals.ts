import type pg from "pg";
import type { PointScope } from "./point-scope.js";

/** Sums over a group of points: counters and rates, and trends' exact count, sum and extremes. */
export interface Totals {
  counterSum: number;
  nonzero: number;
  total: number;
  trendCount: number;
  trendSum: number;
  /** null when the group has no trend point. */
  trendMin: number | null;
  trendMax: number | null;
}

interface TotalsRow {
  g: unknown;
  counter_sum: number | null;
  nonzero: number | null;
  total: number | null;
  trend_count: number | null;
  trend_sum: number | null;
  trend_min: number | null;
  trend_max: number | null;
}

/** Adds up the points of a scope per group; a group without points has no entry. */
export async function queryTotals(pool: pg.Pool, scope: PointScope): Promise<Map<unknown, Totals>> {
  // bigint sums come back as numeric; float8 keeps them numbers (exact below 2^53).
  const { rows } = await pool.query<TotalsRow>(
    `select ${scope.groupBy} as g,
            sum(p.counter_sum) as counter_sum,
            sum(p.rate_nonzero)::float8 as nonzero, sum(p.rate_total)::float8 as total,
            sum(p.trend_count)::float8 as trend_count, sum(p.trend_sum) as trend_sum,
            min(p.trend_min) as trend_min, max(p.trend_max) as trend_max
       from ${scope.from}
      where ${scope.where}
      group by 1`,
    scope.params,
  );
  return new Map(
    rows.map((row) => [
      row.g,
      {
        counterSum: row.counter_sum ?? 0,
        nonzero: row.nonzero ?? 0,
        total: row.total ?? 0,
        trendCount: row.trend_count ?? 0,
        trendSum: row.trend_sum ?? 0,
        trendMin: row.trend_min,
        trendMax: row.trend_max,
      },
    ]),
  );
}
