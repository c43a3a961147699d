import type { UrlSeries } from "@barrage/insights";
import type pg from "pg";
import type { Selection } from "../metrics/queries/point-scope.js";
import { addKeyedPoint, addPoint, secondBuckets, toPoints } from "./bucket-grid.js";

/**
 * The most URL series handed to the insights. Only URLs with failures can show an error burst, so
 * those are the ones read, the most failing first; a run failing on thousands of distinct URLs
 * still costs a bounded query.
 */
export const MAX_URL_SERIES = 500;

interface FailingRow {
  name: string;
  method: string | null;
}

interface PointRow {
  k: string;
  status: string | null;
  t: number;
  requests: number;
  failures: number;
}

/**
 * Per request `name` and `method`, the requests and failures per second and the failures per
 * second per `status`, for every name with at least one failure (at most {@link MAX_URL_SERIES},
 * most failures first). A name without failures cannot have an error burst, and the other URLs'
 * share of a second is what the overall series minus this one leaves, so nothing else is needed.
 * The failing names come from the whole-run rows of `metric_derived` (one row per series, kept
 * current by ingest), so only their points are read. Requests are `http_req_failed`'s totals: the
 * runner records one `http_req_failed` sample per request with the tags of its `http_reqs`.
 *
 * @example const urls = await queryFailingUrls(pool, runId); // [{ name: "GET /cart", method: "GET", requests, failures, statuses }]
 */
export async function queryFailingUrls(pool: pg.Pool, runId: number): Promise<UrlSeries[]> {
  const failing = await pool.query<FailingRow>(
    `select s.tags->>'name' as name, s.tags->>'method' as method
       from metric_series s
       join metric_derived d on d.run_id = s.run_id and d.series_id = s.id and d.bucket = '-infinity'
      where s.run_id = $1 and s.metric = 'http_req_failed' and s.tags ? 'name'
      group by 1, 2
     having sum(d.nonzero) > 0
      order by sum(d.nonzero) desc, 1, 2
      limit $2`,
    [runId, MAX_URL_SERIES],
  );
  if (failing.rows.length === 0) return [];
  // One selection per failing name and method. A selection without a method would also take that
  // name's series with one; the runner tags every request with its method, so none is without.
  const scope = secondBuckets(
    runId,
    failing.rows.map((row, k): Selection => {
      const tags: Record<string, string> = { name: row.name };
      if (row.method !== null) tags.method = row.method;
      return { name: String(k), metric: "http_req_failed", tags };
    }),
  );
  const { rows } = await pool.query<PointRow>(
    `select sel.name as k, s.tags->>'status' as status, ${scope.groupBy} as t,
            sum(p.rate_total)::float8 as requests, sum(p.rate_nonzero)::float8 as failures
       from ${scope.from}
      where ${scope.where} and p.rate_total is not null
      group by 1, 2, 3`,
    scope.params,
  );
  const urls = failing.rows.map((row) => ({
    name: row.name,
    method: row.method,
    requests: new Map<number, number>(),
    failures: new Map<number, number>(),
    statuses: new Map<string, Map<number, number>>(),
  }));
  for (const row of rows) {
    const url = urls[Number(row.k)];
    if (!url) continue;
    addPoint(url.requests, row.t, row.requests);
    if (!(row.failures > 0)) continue;
    addPoint(url.failures, row.t, row.failures);
    if (row.status === null) continue;
    addKeyedPoint(url.statuses, row.status, row.t, row.failures);
  }
  return urls.map((url) => ({
    name: url.name,
    ...(url.method !== null && { method: url.method }),
    requests: toPoints(url.requests),
    failures: toPoints(url.failures),
    statuses: [...url.statuses]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, failures]) => ({ status, failures: toPoints(failures) })),
  }));
}
