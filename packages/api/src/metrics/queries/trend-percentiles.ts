import { type HdrMode, queryHdrSummaries } from "@barrage/hdr-native";
import type pg from "pg";
import type { PointScope } from "./point-scope.js";

/** metric_points' histogram columns, for hdr-native's summary query. */
const HDR_COLUMNS = {
  count: "p.trend_count",
  sum: "p.hdr_sum",
  min: "p.hdr_min",
  max: "p.hdr_max",
  hist: "p.hdr_hist",
  idx: "p.hdr_idx",
  cnt: "p.hdr_cnt",
};

/**
 * The percentiles of each group's merged histogram, in the metric's unit and in the order of
 * `quantiles`; merged in the database by the barrage_hdr extension or by the pure-SQL fallback
 * (identical answers). Never an average of per-period or per-agent percentiles.
 */
export async function queryTrendPercentiles(
  pool: pg.Pool,
  mode: HdrMode,
  scope: PointScope,
  quantiles: readonly number[],
): Promise<Map<unknown, number[]>> {
  const summaries = await queryHdrSummaries(pool, {
    mode,
    from: scope.from,
    where: `${scope.where} and p.hdr_hist is not null`,
    params: scope.params,
    groupBy: scope.groupBy,
    quantiles,
    columns: HDR_COLUMNS,
  });
  return new Map(summaries.map((summary) => [summary.group, summary.percentiles]));
}
