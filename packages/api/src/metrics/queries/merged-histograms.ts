import { bucketBounds, decodeHistogram, Histogram } from "@barrage/hdr-native";
import type pg from "pg";
import { prepareMetricStore } from "../store-mode.js";
import type { PointScope } from "./point-scope.js";

/**
 * Each group's merged histogram (in HDR units) of a trend's points, for tests that need the whole
 * distribution rather than a few percentiles, merged in the database in either HDR mode: by the
 * barrage_hdr extension's `hdr_merge` (exact), or by summing the stored bucket arrays on the SQL
 * fallback, where values within a bucket stand at its lower bound. Bucket counts are exact either
 * way, which is all a rank test on the buckets needs. Groups without samples have no entry.
 *
 * @example const [run] = [...(await queryMergedHistograms(pool, scope)).values()];
 */
export async function queryMergedHistograms(
  pool: pg.Pool,
  scope: PointScope,
): Promise<Map<unknown, Histogram>> {
  return (await prepareMetricStore(pool)) === "extension"
    ? mergeByExtension(pool, scope)
    : mergeBuckets(pool, scope);
}

async function mergeByExtension(pool: pg.Pool, scope: PointScope): Promise<Map<unknown, Histogram>> {
  const { rows } = await pool.query<{ g: unknown; hist: Buffer }>(
    `select ${scope.groupBy} as g, hdr_merge(p.hdr_hist)::bytea as hist
       from ${scope.from}
      where ${scope.where} and p.hdr_hist is not null
      group by 1`,
    scope.params,
  );
  const merged = new Map<unknown, Histogram>();
  for (const row of rows) {
    const histogram = decodeHistogram(row.hist);
    if (histogram.count > 0) merged.set(row.g, histogram);
  }
  return merged;
}

async function mergeBuckets(pool: pg.Pool, scope: PointScope): Promise<Map<unknown, Histogram>> {
  const { rows } = await pool.query<{ g: unknown; idx: number[]; cnt: string[] }>(
    `select g, array_agg(i order by i) as idx, array_agg(c order by i) as cnt
       from (select ${scope.groupBy} as g, u.i, sum(u.c)::int8 as c
               from ${scope.from}, unnest(p.hdr_idx, p.hdr_cnt) as u(i, c)
              where ${scope.where} and p.hdr_idx is not null
              group by 1, 2) as buckets
      group by g`,
    scope.params,
  );
  const merged = new Map<unknown, Histogram>();
  for (const row of rows) {
    const histogram = new Histogram();
    row.idx.forEach((index, k) => {
      histogram.recordMany(bucketBounds(index).lower, Number(row.cnt[k]));
    });
    merged.set(row.g, histogram);
  }
  return merged;
}
