import type { HostRequests } from "@barrage/insights";
import type pg from "pg";

/**
 * The host of an absolute URL, as a PostgreSQL regular expression: after the scheme and any
 * user info, a bracketed IPv6 literal or everything up to the port, path, query or fragment.
 * Done in SQL so that a run with thousands of distinct URLs returns one row per host.
 */
const HOST_PATTERN = String.raw`^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?(\[[^]/?#]*\]|[^:/?#]*)`;

/**
 * Requests per host over the whole run, from the `url` tag k6 puts on every HTTP sample (the
 * `name` tag may group URLs of several hosts under one name, so it cannot be used). Counts come from
 * the whole-run rows of `metric_derived`, one per `http_reqs` series. Hosts are lower-cased; a URL
 * the pattern cannot read is left out.
 *
 * @example await queryHostRequests(pool, runId) // [{ host: "shop.example.com", requests: 1200 }, { host: "cdn.example.net", requests: 340 }]
 */
export async function queryHostRequests(pool: pg.Pool, runId: number): Promise<HostRequests[]> {
  const { rows } = await pool.query<{ host: string; requests: number }>(
    `select host, sum(requests)::float8 as requests
       from (select lower(substring(s.tags->>'url' from $2)) as host, d.count as requests
               from metric_series s
               join metric_derived d on d.run_id = s.run_id and d.series_id = s.id and d.bucket = '-infinity'
              where s.run_id = $1 and s.metric = 'http_reqs' and s.tags ? 'url') as per_series
      where host is not null and host <> ''
      group by host
      order by requests desc, host`,
    [runId, HOST_PATTERN],
  );
  return rows;
}
