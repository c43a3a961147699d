import type pg from "pg";
import type { MetricType } from "../batch/metric-batch.js";

/** One metric_derived row with its series: a series' values over a bucket or the whole run. */
export interface DerivedMetric {
  seriesId: number;
  metric: string;
  type: MetricType;
  tags: Record<string, string>;
  /** The bucket's start (epoch ms), or null for the whole-run row. */
  bucket: number | null;
  /** Counter sum; gauge or trend samples; rate total. */
  count: number;
  /** Counter and trend: per second; rate: nonzero / total; gauge: null. */
  rate: number | null;
  /** Trends (exact) and gauges; null otherwise. */
  min: number | null;
  max: number | null;
  /** Trends: the percentiles of the merged histogram; null otherwise. */
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
}

/** Which derived rows to read. */
export interface DerivedQuery {
  runId: number;
  /** Only this metric's series. */
  metric?: string;
  /** `"run"`: the whole-run rows (default); `"buckets"`: the 10-second buckets. */
  span?: "run" | "buckets";
}

/**
 * Reads the values ingest keeps up to date per series (metric_derived), ordered by metric, series and
 * bucket, for pages that must show a run's numbers at once without merging its points; these rows
 * outlive the points' retention.
 *
 * @example const rows = await queryDerivedMetrics(pool, { runId, metric: "http_req_duration" });
 */
export async function queryDerivedMetrics(pool: pg.Pool, query: DerivedQuery): Promise<DerivedMetric[]> {
  const { rows } = await pool.query<DerivedMetric & { seriesId: string }>(
    `select d.series_id as "seriesId", s.metric, s.type, s.tags,
            case when isfinite(d.bucket) then (extract(epoch from d.bucket) * 1000)::float8 end as bucket,
            d.count, d.rate, d.min, d.max, d.p50, d.p90, d.p95, d.p99
       from metric_derived d join metric_series s on s.id = d.series_id
      where d.run_id = $1 and ($2::text is null or s.metric = $2)
        and isfinite(d.bucket) = $3
      order by s.metric, d.series_id, d.bucket`,
    [query.runId, query.metric ?? null, query.span === "buckets"],
  );
  return rows.map((row) => ({ ...row, seriesId: Number(row.seriesId) }));
}
