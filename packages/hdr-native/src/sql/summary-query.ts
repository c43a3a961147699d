import { HDR_SQL_SCHEMA } from "./fallback-ddl.js";
import type { HdrMode } from "./mode.js";
import type { HdrQueryable } from "./queryable.js";
import { DEFAULT_HDR_COLUMNS, type HdrColumnNames } from "./row.js";

/**
 * What to summarize: the stored rows `SELECT ... FROM <from> WHERE <where>` picks, merged into one
 * histogram (or one per value of `groupBy`). `from`, `where`, `groupBy` and `columns` are trusted SQL
 * written by the caller, never user input: pass user values in `params` as `$1`, `$2`, ...
 */
export interface HdrSummarySpec {
  /** The mode from detectHdrMode or installHdrSql. */
  mode: HdrMode;
  /** A table, or any FROM clause (joins, aliases), e.g. `"metric_points p"`. */
  from: string;
  /** A condition over the FROM clause's columns with `$1`... placeholders; all rows when absent. */
  where?: string;
  /** Values of the placeholders in `where` and `groupBy`. */
  params?: readonly unknown[];
  /** Quantiles in [0, 1], e.g. `[0.5, 0.95, 0.99]`; the answer lists their values in this order. */
  quantiles: readonly number[];
  /**
   * An expression to group by, e.g. `"date_bin('10 seconds', ts, $3)"`; one summary per distinct value
   * (NULL included), ordered by it. Without it the answer is exactly one summary, empty when no row matches.
   */
  groupBy?: string;
  /** Column names where they differ from {@link DEFAULT_HDR_COLUMNS}. */
  columns?: Partial<HdrColumnNames>;
}

/** The merged statistics of the selected rows, in the metric's unit (milliseconds for times). */
export interface HdrSummary {
  /** The `groupBy` value, as node-postgres returns it; absent without `groupBy`. */
  group?: unknown;
  /** Number of values. */
  count: number;
  /** Exact sum. */
  sum: number;
  /** Exact minimum, 0 when empty. */
  min: number;
  /** Exact maximum, 0 when empty. */
  max: number;
  /** sum / count, 0 when empty. */
  mean: number;
  /** Values at the spec's quantiles, in their order; 0 when empty. */
  percentiles: number[];
}

/** A parameterized query for node-postgres: `client.query(q.text, q.values)`. */
export interface HdrQuery {
  text: string;
  values: unknown[];
}

/** The summary columns both modes return, in units turned into the metric's unit inside SQL. */
interface SummaryRow {
  g?: unknown;
  count: string | number | null;
  sum: number | null;
  min: number | null;
  max: number | null;
  mean: number | null;
  percentiles: (number | null)[] | null;
}

/**
 * Builds the query that merges the selected rows and reports count, sum, min, max, mean and the
 * percentiles. Both modes give identical numbers: the extension merges `hist` with hdr_merge, the
 * fallback adds `idx`/`cnt` up per bucket and walks a cumulative window sum to each rank with the
 * same rank and midpoint rules and the same float8 operations.
 *
 * @throws RangeError when a quantile is outside [0, 1] or `from` is empty.
 * @example
 * const q = buildHdrSummaryQuery({ mode, from: "metric_points", where: "series_id = $1 AND ts >= $2",
 *   params: [id, since], quantiles: [0.5, 0.95, 0.99] });
 */
export function buildHdrSummaryQuery(spec: HdrSummarySpec): HdrQuery {
  for (const q of spec.quantiles) {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`HDR quantile must be a number in [0, 1], got ${q}`);
  }
  if (spec.from.trim() === "") {
    throw new RangeError("HDR summary needs a FROM clause (a table name at least)");
  }
  const params = spec.params ?? [];
  const quantiles = `$${params.length + 1}::float8[]`;
  const columns = { ...DEFAULT_HDR_COLUMNS, ...spec.columns };
  const where = spec.where === undefined ? "" : `\n WHERE ${spec.where}`;
  const text =
    spec.mode === "extension"
      ? extensionQuery(spec.from, where, spec.groupBy, columns, quantiles)
      : fallbackQuery(spec.from, where, spec.groupBy, columns, quantiles, spec.quantiles.length);
  return { text, values: [...params, [...spec.quantiles]] };
}

function extensionQuery(
  from: string,
  where: string,
  groupBy: string | undefined,
  c: HdrColumnNames,
  quantiles: string,
): string {
  const grouped = groupBy !== undefined;
  return `SELECT ${grouped ? "g, " : ""}coalesce(hdr_count(h), 0) AS count, coalesce(hdr_sum(h), 0) AS sum,
       coalesce(hdr_min(h), 0) AS min, coalesce(hdr_max(h), 0) AS max, coalesce(hdr_mean(h), 0) AS mean,
       coalesce(hdr_percentiles(h, ${quantiles}), array_fill(0::float8, ARRAY[cardinality(${quantiles})])) AS percentiles
  FROM (SELECT ${grouped ? `${groupBy} AS g, ` : ""}hdr_merge(${c.hist}) AS h
          FROM ${from}${where}${grouped ? "\n         GROUP BY 1" : ""}) AS merged${grouped ? "\n ORDER BY g" : ""}`;
}

/*
 * One pass of grouping by (group, bucket): window aggregates over the grouped rows carry each group's
 * totals and the cumulative count to every bucket, and the outer grouping picks, per quantile, the
 * lowest bucket whose cumulative count reaches the rank. Each stored row's count, sum, min and max are
 * counted once, on its first bucket (ordinality 1) or on the NULL bucket an empty row yields.
 */
function fallbackQuery(
  from: string,
  where: string,
  groupBy: string | undefined,
  c: HdrColumnNames,
  quantiles: string,
  nQuantiles: number,
): string {
  const grouped = groupBy !== undefined;
  const g = grouped ? "g, " : "";
  const partition = grouped ? "PARTITION BY g" : "";
  const percentiles = Array.from(
    { length: nQuantiles },
    (_, k) =>
      `coalesce(${HDR_SQL_SCHEMA}.bucket_value(min(i) FILTER (WHERE cum::float8 >= greatest(1, ceil((${quantiles})[${k + 1}] * n::float8))), max(lo), max(hi)), 0)`,
  );
  return `WITH src AS (
  SELECT ${grouped ? `${groupBy} AS g, ` : ""}${c.count} AS n, ${c.sum} AS s, ${c.min} AS lo, ${c.max} AS hi, ${c.idx} AS idx, ${c.cnt} AS cnt
    FROM ${from}${where}
), buckets AS (
  SELECT ${g}u.i,
         sum(sum(u.c::int8)) OVER (${partition} ORDER BY u.i) AS cum,
         sum(sum(src.n) FILTER (WHERE coalesce(u.o, 1) = 1)) OVER (${partition}) AS n,
         sum(sum(src.s) FILTER (WHERE coalesce(u.o, 1) = 1)) OVER (${partition}) AS s,
         min(min(src.lo) FILTER (WHERE src.n > 0)) OVER (${partition}) AS lo,
         max(max(src.hi) FILTER (WHERE src.n > 0)) OVER (${partition}) AS hi
    FROM src LEFT JOIN LATERAL unnest(src.idx, src.cnt) WITH ORDINALITY AS u(i, c, o) ON true
   GROUP BY ${g}u.i
)
SELECT ${g}coalesce(max(n), 0)::int8 AS count, coalesce(max(s), 0)::float8 / 1000 AS sum,
       coalesce(max(lo), 0)::float8 / 1000 AS min, coalesce(max(hi), 0)::float8 / 1000 AS max,
       CASE WHEN max(n) > 0 THEN max(s)::float8 / max(n)::float8 / 1000 ELSE 0 END AS mean,
       ARRAY[${percentiles.join(",\n             ")}]::float8[] AS percentiles
  FROM buckets${grouped ? "\n GROUP BY g\n ORDER BY g" : ""}`;
}

/**
 * Turns the rows of a {@link buildHdrSummaryQuery} query into summaries.
 *
 * @throws Error when a row lacks the summary columns (the rows come from another query).
 */
export function readHdrSummaries(rows: readonly unknown[], spec: HdrSummarySpec): HdrSummary[] {
  return rows.map((raw) => {
    const row = raw as SummaryRow;
    if (row === null || typeof row !== "object" || !("count" in row) || !Array.isArray(row.percentiles)) {
      throw new Error(
        "not a row of an HDR summary query: expected count, sum, min, max, mean and percentiles columns",
      );
    }
    const summary: HdrSummary = {
      count: Number(row.count ?? 0),
      sum: row.sum ?? 0,
      min: row.min ?? 0,
      max: row.max ?? 0,
      mean: row.mean ?? 0,
      percentiles: row.percentiles.map((v) => v ?? 0),
    };
    return spec.groupBy === undefined ? summary : { group: row.g, ...summary };
  });
}

/**
 * Runs {@link buildHdrSummaryQuery} and reads its rows.
 *
 * @example
 * const [all] = await queryHdrSummaries(pool, { mode, from: "metric_points", where: "series_id = $1",
 *   params: [id], quantiles: [0.5, 0.95, 0.99] });
 * all.percentiles; // [p50, p95, p99] in ms
 */
export async function queryHdrSummaries(client: HdrQueryable, spec: HdrSummarySpec): Promise<HdrSummary[]> {
  const { text, values } = buildHdrSummaryQuery(spec);
  return readHdrSummaries((await client.query(text, values)).rows, spec);
}
