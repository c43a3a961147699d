/**
 * The metric store, mirrored from `migrations/0002_metrics.sql` for typed queries. The SQL is the
 * source of truth: metric_points is `partition by range (ts)` there (drizzle cannot declare it; its
 * daily partitions are made at run time by src/metrics/partitions), and checks live only there.
 */
import {
  customType,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import type { MetricType, ValueContains } from "../../metrics/batch/metric-batch.js";
import { bigintNumber, identityId } from "./columns.js";
import { runInstances, testRuns } from "./runs.js";

/** `bytea`, which drizzle-orm 0.45 has no column builder for; node-postgres reads it as a Buffer. */
const bytea = customType<{ data: Buffer }>({ dataType: () => "bytea" });

const runId = () =>
  bigintNumber("run_id")
    .notNull()
    .references(() => testRuns.id, { onDelete: "cascade" });

/** A time series: (run, metric, tag set); `tagsKey` is the canonical text of `tags`. */
export const metricSeries = pgTable(
  "metric_series",
  {
    id: identityId(),
    runId: runId(),
    metric: text("metric").notNull(),
    type: text("type").$type<MetricType>().notNull(),
    contains: text("contains").$type<ValueContains>().notNull(),
    tags: jsonb("tags").$type<Record<string, string>>().notNull(),
    tagsKey: text("tags_key").notNull(),
  },
  (table) => [unique().on(table.runId, table.metric, table.tagsKey)],
);

/** The batches received, one per (run, agent, seq), for dropping duplicates. */
export const metricBatches = pgTable(
  "metric_batches",
  {
    runId: runId(),
    instanceId: bigintNumber("instance_id")
      .notNull()
      .references(() => runInstances.id, { onDelete: "cascade" }),
    seq: bigintNumber("seq").notNull(),
    periodStart: timestamp("period_start", { withTimezone: true }).notNull(),
    periodEnd: timestamp("period_end", { withTimezone: true }).notNull(),
    points: integer("points").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.runId, table.instanceId, table.seq] })],
);

/**
 * One series' aggregate of one agent's period (`ts` = the period's end); the columns of the series'
 * type are set. Trend histograms in both forms: `hdrHist` (extension) and `hdrIdx`/`hdrCnt` (fallback),
 * with `hdrSum`/`hdrMin`/`hdrMax` in integer units.
 */
export const metricPoints = pgTable(
  "metric_points",
  {
    runId: bigintNumber("run_id").notNull(),
    seriesId: bigintNumber("series_id").notNull(),
    instanceId: bigintNumber("instance_id").notNull(),
    ts: timestamp("ts", { withTimezone: true }).notNull(),
    periodMs: integer("period_ms").notNull(),
    counterSum: doublePrecision("counter_sum"),
    gaugeLast: doublePrecision("gauge_last"),
    gaugeMin: doublePrecision("gauge_min"),
    gaugeMax: doublePrecision("gauge_max"),
    gaugeCount: bigintNumber("gauge_count"),
    rateNonzero: bigintNumber("rate_nonzero"),
    rateTotal: bigintNumber("rate_total"),
    trendCount: bigintNumber("trend_count"),
    trendSum: doublePrecision("trend_sum"),
    trendMin: doublePrecision("trend_min"),
    trendMax: doublePrecision("trend_max"),
    hdrSum: bigintNumber("hdr_sum"),
    hdrMin: bigintNumber("hdr_min"),
    hdrMax: bigintNumber("hdr_max"),
    hdrHist: bytea("hdr_hist"),
    hdrIdx: smallint("hdr_idx").array(),
    hdrCnt: integer("hdr_cnt").array(),
  },
  (table) => [primaryKey({ columns: [table.seriesId, table.ts, table.instanceId] })],
);

/**
 * Values ingest keeps up to date per series and 10-second bucket (`bucket` = its start), or for the
 * whole run (`bucket` = `-infinity`).
 */
export const metricDerived = pgTable(
  "metric_derived",
  {
    runId: runId(),
    seriesId: bigintNumber("series_id").notNull(),
    bucket: timestamp("bucket", { withTimezone: true }).notNull(),
    count: doublePrecision("count").notNull(),
    nonzero: bigintNumber("nonzero"),
    sum: doublePrecision("sum"),
    min: doublePrecision("min"),
    max: doublePrecision("max"),
    rate: doublePrecision("rate"),
    p50: doublePrecision("p50"),
    p90: doublePrecision("p90"),
    p95: doublePrecision("p95"),
    p99: doublePrecision("p99"),
    hdrHist: bytea("hdr_hist"),
    firstStart: timestamp("first_start", { withTimezone: true }).notNull(),
    lastEnd: timestamp("last_end", { withTimezone: true }).notNull(),
    version: bigintNumber("version").notNull().default(1),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.runId, table.seriesId, table.bucket] })],
);
