import type pg from "pg";
import type { MetricPoint } from "../batch/metric-batch.js";
import { type ArrayElementType, binaryArray } from "../binary-array.js";
import type { SourcedBatch } from "./sourced-batch.js";

/**
 * The columns of metric_points filled from one parameter array each: the column, the array's element
 * type, and the SQL of the value when it is not the array element itself.
 */
const COLUMNS: readonly (readonly [name: string, type: ArrayElementType, sql?: string])[] = [
  ["run_id", "int8"],
  ["instance_id", "int8"],
  // The period's end travels as epoch milliseconds.
  ["ts", "float8", "to_timestamp(u.ts / 1000)"],
  ["period_ms", "int4"],
  ["series_id", "int8"],
  ["counter_sum", "float8"],
  ["gauge_last", "float8"],
  ["gauge_min", "float8"],
  ["gauge_max", "float8"],
  ["gauge_count", "int8"],
  ["rate_nonzero", "int8"],
  ["rate_total", "int8"],
  ["trend_count", "int8"],
  ["trend_sum", "float8"],
  ["trend_min", "float8"],
  ["trend_max", "float8"],
  ["hdr_sum", "int8"],
  ["hdr_min", "int8"],
  ["hdr_max", "int8"],
  ["hdr_hist", "bytea"],
];

// A row's bucket indexes and counts cannot be an element of an unnested array (PostgreSQL arrays
// are not ragged), so every row's buckets travel in two flat arrays and each row takes its slice.
const BUCKETS = COLUMNS.length + 1;
const INSERT = `insert into metric_points (${COLUMNS.map(([name]) => name).join(", ")}, hdr_idx, hdr_cnt)
select ${COLUMNS.map(([name, , sql]) => sql ?? `u.${name}`).join(", ")},
       ($${BUCKETS}::int2[])[u.hdr_from:u.hdr_to], ($${BUCKETS + 1}::int4[])[u.hdr_from:u.hdr_to]
  from unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ")}, $${BUCKETS + 2}::int4[], $${BUCKETS + 3}::int4[])
       as u(${COLUMNS.map(([name]) => name).join(", ")}, hdr_from, hdr_to)`;

type Value = number | Uint8Array | null;

/**
 * Inserts one metric_points row per point of the batches in a single statement: arrays unnested into
 * rows, one parameter per column, sent in PostgreSQL's binary array format so that the server parses
 * no numbers; the statement text never changes and stays cheap to plan.
 *
 * @param seriesIds for each batch, the series of each of its points
 */
export async function insertPoints(
  client: pg.ClientBase,
  items: readonly SourcedBatch[],
  seriesIds: readonly (readonly number[])[],
): Promise<void> {
  const columns = COLUMNS.map((): Value[] => []);
  const idx: number[] = [];
  const cnt: number[] = [];
  const from: (number | null)[] = [];
  const to: (number | null)[] = [];
  items.forEach(({ source, batch }, b) => {
    batch.points.forEach((point, i) => {
      const row: Record<string, Value | undefined> = {
        run_id: source.runId,
        instance_id: source.instanceId,
        ts: batch.end,
        period_ms: batch.end - batch.start,
        series_id: seriesIds[b]?.[i],
        ...aggregateColumns(point),
      };
      for (const [c, [name]] of COLUMNS.entries()) columns[c]?.push(row[name] ?? null);
      if (point.type === "trend") {
        from.push(idx.length + 1);
        // parseMetricBatch caps a trend's count at 2^31 - 1, so every bucket count fits int4.
        point.hist.forEachBucket((index, count) => {
          idx.push(index);
          cnt.push(count);
        });
        to.push(idx.length);
      } else {
        from.push(null);
        to.push(null);
      }
    });
  });
  if (from.length === 0) return;
  await client.query(INSERT, [
    ...COLUMNS.map(([, type], c) => binaryArray(type, columns[c] ?? [])),
    binaryArray("int2", idx),
    binaryArray("int4", cnt),
    binaryArray("int4", from),
    binaryArray("int4", to),
  ]);
}

/** The aggregate columns a point fills; the others stay null. */
function aggregateColumns(point: MetricPoint): Record<string, Value> {
  switch (point.type) {
    case "counter":
      return { counter_sum: point.sum };
    case "gauge":
      return { gauge_last: point.last, gauge_min: point.min, gauge_max: point.max, gauge_count: point.count };
    case "rate":
      return { rate_nonzero: point.nonzero, rate_total: point.total };
    case "trend":
      return {
        trend_count: point.count,
        trend_sum: point.sum,
        trend_min: point.min,
        trend_max: point.max,
        hdr_sum: point.hist.sum,
        hdr_min: point.hist.min,
        hdr_max: point.hist.max,
        hdr_hist: point.hdr,
      };
  }
}
