import type { HdrMode } from "@barrage/hdr-native";
import type pg from "pg";
import type { MetricPoint } from "../batch/metric-batch.js";
import { BinaryCopy } from "../binary-copy.js";
import { copyIn } from "../copy-in.js";
import type { SourcedBatch } from "./sourced-batch.js";

const COLUMNS = [
  "run_id",
  "instance_id",
  "ts",
  "period_ms",
  "series_id",
  "counter_sum",
  "gauge_last",
  "gauge_min",
  "gauge_max",
  "gauge_count",
  "rate_nonzero",
  "rate_total",
  "trend_count",
  "trend_sum",
  "trend_min",
  "trend_max",
  "hdr_sum",
  "hdr_min",
  "hdr_max",
  "hdr_hist",
];
const BUCKET_COLUMNS = ["hdr_idx", "hdr_cnt"];

const copyStatement = (columns: readonly string[]) =>
  `copy metric_points (${columns.join(", ")}) from stdin (format binary)`;
const COPY: Record<HdrMode, string> = {
  extension: copyStatement(COLUMNS),
  sql: copyStatement([...COLUMNS, ...BUCKET_COLUMNS]),
};

/**
 * Inserts one metric_points row per point of the batches with one binary COPY. A trend's histogram
 * is stored as the agent encoded it (`hdr_hist`, what the barrage_hdr extension merges); its bucket
 * arrays (`hdr_idx`/`hdr_cnt`, what the pure-SQL fallback merges) only when the store runs on the
 * fallback: they are most of a row's size and of its cost to write, and the extension never reads
 * them. A store that moves to the fallback fills them first (fill-bucket-arrays.ts).
 *
 * @param seriesIds for each batch, the series of each of its points
 * @param mode the store's HDR mode (`prepareMetricStore`)
 */
export async function insertPoints(
  client: pg.ClientBase,
  items: readonly SourcedBatch[],
  seriesIds: readonly (readonly number[])[],
  mode: HdrMode,
): Promise<void> {
  const copy = new BinaryCopy();
  const fields = mode === "sql" ? COLUMNS.length + BUCKET_COLUMNS.length : COLUMNS.length;
  let rows = 0;
  items.forEach(({ source, batch }, b) => {
    batch.points.forEach((point, i) => {
      copy.row(fields);
      copy.number("int8", source.runId);
      copy.number("int8", source.instanceId);
      copy.timestamp(batch.end);
      copy.number("int4", batch.end - batch.start);
      copy.number("int8", seriesIds[b]?.[i]);
      writeAggregates(copy, point);
      if (mode === "sql") writeBuckets(copy, point);
      rows++;
    });
  });
  if (rows > 0) await copyIn(client, COPY[mode], copy.finish());
}

/** The aggregate columns, counter_sum to hdr_hist: those of the point's type set, the others null. */
function writeAggregates(copy: BinaryCopy, point: MetricPoint): void {
  copy.number("float8", point.type === "counter" ? point.sum : null);
  const gauge = point.type === "gauge" ? point : null;
  copy.number("float8", gauge?.last);
  copy.number("float8", gauge?.min);
  copy.number("float8", gauge?.max);
  copy.number("int8", gauge?.count);
  const rate = point.type === "rate" ? point : null;
  copy.number("int8", rate?.nonzero);
  copy.number("int8", rate?.total);
  const trend = point.type === "trend" ? point : null;
  copy.number("int8", trend?.count);
  copy.number("float8", trend?.sum);
  copy.number("float8", trend?.min);
  copy.number("float8", trend?.max);
  copy.number("int8", trend?.hist.sum);
  copy.number("int8", trend?.hist.min);
  copy.number("int8", trend?.hist.max);
  copy.bytes(trend?.hdr);
}

/** hdr_idx and hdr_cnt: a trend's non-empty buckets, null for other types. */
function writeBuckets(copy: BinaryCopy, point: MetricPoint): void {
  if (point.type !== "trend") {
    copy.array("int2", null);
    copy.array("int4", null);
    return;
  }
  const idx: number[] = [];
  const cnt: number[] = [];
  // parseMetricBatch caps a trend's count at 2^31 - 1, so every bucket count fits int4.
  point.hist.forEachBucket((index, count) => {
    idx.push(index);
    cnt.push(count);
  });
  copy.array("int2", idx);
  copy.array("int4", cnt);
}
