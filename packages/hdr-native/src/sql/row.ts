import { encodeHistogram } from "../encode.js";
import type { Histogram } from "../histogram.js";

/**
 * Column names of the histogram part of a metric-store row; every name may be qualified or quoted
 * SQL (e.g. `"p.hist"`), since the query builder pastes them in.
 */
export interface HdrColumnNames {
  /** int8: number of values, units. */
  count: string;
  /** int8: sum of the values in units. */
  sum: string;
  /** int8: exact minimum in units, 0 when count is 0. */
  min: string;
  /** int8: exact maximum in units, 0 when count is 0. */
  max: string;
  /** bytea: the shared version-1 encoding, read by the extension. */
  hist: string;
  /** int2[]: the non-empty bucket indexes, ascending, read by the fallback. */
  idx: string;
  /** int4[]: their counts. */
  cnt: string;
}

/** The names {@link HDR_ROW_COLUMNS_SQL} declares. */
export const DEFAULT_HDR_COLUMNS: Readonly<HdrColumnNames> = {
  count: "count",
  sum: "sum",
  min: "min",
  max: "max",
  hist: "hist",
  idx: "idx",
  cnt: "cnt",
};

/**
 * Column definitions of the histogram part of a metric-store row, to paste into a CREATE TABLE
 * beside the series key and the period start. Both forms of the histogram are stored: `hist` for
 * the extension and `idx`/`cnt` for the pure-SQL fallback, so one table answers in either mode
 * and a dump moves between a server with the extension and a managed one without conversion.
 *
 * @example
 * `CREATE TABLE metric_points (
 *    series_id int8 NOT NULL, ts timestamptz NOT NULL, ${HDR_ROW_COLUMNS_SQL},
 *    PRIMARY KEY (series_id, ts)) PARTITION BY RANGE (ts)`
 */
export const HDR_ROW_COLUMNS_SQL =
  "count int8 NOT NULL, sum int8 NOT NULL, min int8 NOT NULL, max int8 NOT NULL, " +
  "hist bytea NOT NULL, idx int2[] NOT NULL, cnt int4[] NOT NULL";

/** Values for the columns of {@link HDR_ROW_COLUMNS_SQL}, in units; pass them as query parameters. */
export interface HdrRowValues {
  count: number;
  sum: number;
  min: number;
  max: number;
  hist: Uint8Array;
  idx: number[];
  cnt: number[];
}

const INT4_MAX = 2 ** 31 - 1;

/**
 * The column values that store one histogram (typically one series' second).
 *
 * @throws RangeError when a bucket count does not fit the int4 of `cnt` (above 2^31 - 1 values in one
 *   bucket of one row), or count or sum are not exact (see encodeHistogram).
 * @example
 * const v = hdrRowValues(h);
 * await pool.query("INSERT INTO metric_points VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
 *   [seriesId, ts, v.count, v.sum, v.min, v.max, v.hist, v.idx, v.cnt]);
 */
export function hdrRowValues(h: Histogram): HdrRowValues {
  const idx: number[] = [];
  const cnt: number[] = [];
  h.forEachBucket((index, count) => {
    if (count > INT4_MAX) {
      throw new RangeError(
        `HDR bucket ${index} holds ${count} values; a stored row allows at most ${INT4_MAX} per bucket, so store shorter periods`,
      );
    }
    idx.push(index);
    cnt.push(count);
  });
  return { count: h.count, sum: h.sum, min: h.min, max: h.max, hist: encodeHistogram(h), idx, cnt };
}
