import type pg from "pg";
import { type PointScope, pointScope, type Selection, type TimeWindow } from "./point-scope.js";
import { aggregateScope } from "./scope-aggregates.js";

/** HTTP figures of one group of requests: every request, or those of one URL name or one zone. */
export interface HttpFigures {
  /** The group's tag value; `""` for every request. */
  key: string;
  /** The HTTP method, when every request of the group used the same one. */
  method: string | null;
  requests: number;
  failures: number;
  /** failures / requests, 0 without requests. */
  failureRate: number;
  /** http_req_duration percentiles in milliseconds, from the group's merged histograms; 0 without requests. */
  p50: number;
  p95: number;
  p99: number;
}

/** The quantiles every breakdown row reports, in {@link HttpFigures}' order. */
const QUANTILES = [0.5, 0.95, 0.99];

/**
 * A run's HTTP requests grouped by the value of one tag (`name` for a table per URL, `load_zone`
 * per zone), or all together without `tag`, over a window: counts from `http_reqs`, failures from
 * `http_req_failed`, latency from the merged `http_req_duration` histograms of every agent.
 * Sorted by requests, most first.
 *
 * @example
 * const perUrl = await queryHttpBreakdown(pool, runId, "name");
 * const [overall] = await queryHttpBreakdown(pool, runId);
 */
export async function queryHttpBreakdown(
  pool: pg.Pool,
  runId: number,
  tag?: string,
  window: TimeWindow = {},
): Promise<HttpFigures[]> {
  const groups =
    tag === undefined ? [{ key: "", methods: [] as string[] }] : await tagValues(pool, runId, tag);
  if (groups.length === 0) return [];
  const selectionsOf = (metric: string): Selection[] =>
    groups.map(({ key }) => ({ name: key, metric, tags: tag === undefined ? {} : { [tag]: key } }));
  const scope = (metric: string): PointScope => pointScope(runId, selectionsOf(metric), window);
  const [requests, failed, durations] = await Promise.all([
    aggregateScope(pool, scope("http_reqs"), "counter"),
    aggregateScope(pool, scope("http_req_failed"), "rate"),
    aggregateScope(pool, scope("http_req_duration"), "trend", QUANTILES),
  ]);
  return groups
    .map(({ key, methods }) => {
      const count = requests.get(key);
      const rate = failed.get(key);
      const trend = durations.get(key);
      const total = count?.type === "counter" ? count.sum : 0;
      const failures = rate?.type === "rate" ? rate.nonzero : 0;
      const [p50 = 0, p95 = 0, p99 = 0] = trend?.type === "trend" ? trend.percentiles : [];
      return {
        key,
        method: methods.length === 1 ? (methods[0] as string) : null,
        requests: total,
        failures,
        failureRate: rate?.type === "rate" && rate.total > 0 ? rate.nonzero / rate.total : 0,
        p50,
        p95,
        p99,
      };
    })
    .sort((a, b) => b.requests - a.requests || a.key.localeCompare(b.key));
}

async function tagValues(
  pool: pg.Pool,
  runId: number,
  tag: string,
): Promise<{ key: string; methods: string[] }[]> {
  const { rows } = await pool.query<{ key: string; methods: string[] }>(
    `select tags->>$2 as key,
            coalesce(array_agg(distinct tags->>'method') filter (where tags ? 'method'), '{}') as methods
       from metric_series
      where run_id = $1 and metric = 'http_reqs' and tags ? $2
      group by 1`,
    [runId, tag],
  );
  return rows;
}
