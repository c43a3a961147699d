/**
 * A run's HTTP traffic as agents would report it, for tests of the result queries: per second and
 * per URL name, requests, failures and latencies in the real metric-stream format, stored through
 * the real ingest.
 */
import type pg from "pg";
import { batch, counterPoint, gaugePoint, ratePoint, trendPoint } from "../metrics/batches.test-helpers.js";
import { ingestBatch } from "../metrics/index.js";

/** One URL's traffic in one second: its latencies (one per request) and how many of them failed. */
export interface UrlSecond {
  name: string;
  method: string;
  latencies: number[];
  failures: number;
}

/** Inserts `count` local-zone instances of a run, as allocation would, and returns their ids. */
export async function seedInstances(pool: pg.Pool, runId: number, count: number): Promise<number[]> {
  const { rows } = await pool.query<{ id: string }>(
    `insert into run_instances (run_id, load_zone_id, segment, sequence)
     select $1, (select id from load_zones where name = 'local' and organization_id is null), 'i' || n, 's'
       from generate_series(1, $2) as n returning id`,
    [runId, count],
  );
  return rows.map((r) => Number(r.id));
}

/** Stores one agent's batch `seq`, the second ending at `end`, with `vus` VUs in `zone`. */
export async function ingestSecond(
  pool: pg.Pool,
  source: { runId: number; instanceId: number },
  second: { seq: number; end: number; zone: string; vus: number; urls: UrlSecond[] },
): Promise<void> {
  const points = second.urls.flatMap(({ name, method, latencies, failures }) => {
    const tags = { name, method, load_zone: second.zone, status: "200" };
    return [
      counterPoint("http_reqs", tags, latencies.length),
      ratePoint("http_req_failed", tags, failures, latencies.length),
      trendPoint("http_req_duration", tags, latencies),
    ];
  });
  points.push(gaugePoint("vus", { load_zone: second.zone }, [second.vus]));
  await ingestBatch(pool, source, batch(second.seq, second.end, points));
}
