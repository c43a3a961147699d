import { decodeHistogram, type Histogram } from "@barrage/hdr-native";
import type { ZoneStats } from "@barrage/insights";
import type pg from "pg";

/**
 * A run's whole-run request counts and merged `http_req_duration` histograms, overall and per load
 * zone.
 *
 * @example { zones: [{ zone: "local", requests: 1200, histogram }], durationHistogram }
 */
export interface ZoneTotals {
  /** Per `load_zone` tag, by name. */
  zones: ZoneStats[];
  /** Every request's duration (µs units); undefined without any. */
  durationHistogram: Histogram | undefined;
}

interface Row {
  metric: "http_reqs" | "http_req_duration";
  zone: string | null;
  count: number;
  hdr_hist: Buffer | null;
}

/**
 * Reads the whole-run rows of `metric_derived` (one per series, kept current by ingest) rather than
 * the points: merging a few hundred series' histograms costs milliseconds where merging every
 * second of every agent would read the whole run, and these rows outlive the retention of points,
 * so a baseline run from months ago still has its histogram.
 *
 * @throws HdrDecodeError when a stored histogram is corrupt.
 * @example const { zones, durationHistogram } = await queryZoneTotals(pool, runId);
 */
export async function queryZoneTotals(pool: pg.Pool, runId: number): Promise<ZoneTotals> {
  const { rows } = await pool.query<Row>(
    `select s.metric, s.tags->>'load_zone' as zone, d.count, d.hdr_hist
       from metric_series s
       join metric_derived d on d.run_id = s.run_id and d.series_id = s.id and d.bucket = '-infinity'
      where s.run_id = $1 and s.metric in ('http_reqs', 'http_req_duration')`,
    [runId],
  );
  const requests = new Map<string, number>();
  const histograms = new Map<string, Histogram>();
  let overall: Histogram | undefined;
  for (const row of rows) {
    if (row.metric === "http_reqs") {
      if (row.zone !== null) requests.set(row.zone, (requests.get(row.zone) ?? 0) + row.count);
      continue;
    }
    if (row.hdr_hist === null) continue;
    const histogram = decodeHistogram(row.hdr_hist);
    overall = merged(overall, histogram);
    if (row.zone !== null) histograms.set(row.zone, merged(histograms.get(row.zone), histogram));
  }
  const zones = [...new Set([...requests.keys(), ...histograms.keys()])].sort().map((zone) => {
    const histogram = histograms.get(zone);
    return { zone, requests: requests.get(zone) ?? 0, ...(histogram && { histogram }) };
  });
  return { zones, durationHistogram: overall };
}

function merged(into: Histogram | undefined, add: Histogram): Histogram {
  if (!into) return add.clone();
  into.merge(add);
  return into;
}
