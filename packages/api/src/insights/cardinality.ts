import type { Cardinality } from "@barrage/insights";
import type pg from "pg";
import { AGENT_USAGE_METRICS } from "./agent-usage.js";

/**
 * Counts what the run's script produced, from `metric_series` alone (one row per metric and tag
 * set): distinct `name` values of `http_reqs`, distinct non-root `group` values over every metric,
 * distinct metric names and series, both without the agents' own gauges.
 *
 * @example await queryCardinality(pool, runId) // { urls: 12, groups: 3, metrics: 24, timeSeries: 410 }
 */
export async function queryCardinality(pool: pg.Pool, runId: number): Promise<Cardinality> {
  const { rows } = await pool.query<{ urls: number; groups: number; metrics: number; series: number }>(
    `select count(distinct tags->>'name') filter (where metric = 'http_reqs')::int as urls,
            count(distinct tags->>'group') filter (where tags->>'group' <> '')::int as groups,
            count(distinct metric) filter (where metric <> all($2))::int as metrics,
            count(*) filter (where metric <> all($2))::int as series
       from metric_series
      where run_id = $1`,
    [runId, Object.values(AGENT_USAGE_METRICS)],
  );
  const row = rows[0];
  return {
    urls: row?.urls ?? 0,
    groups: row?.groups ?? 0,
    metrics: row?.metrics ?? 0,
    timeSeries: row?.series ?? 0,
  };
}
