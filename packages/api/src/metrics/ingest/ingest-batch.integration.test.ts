import { fromUnits, Histogram, toUnits } from "@barrage/hdr-native";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestDatabase } from "../../db/test-database.test-helpers.js";
import { BatchRejected } from "../batch/batch-rejected.js";
import { batch, counterPoint, gaugePoint, ratePoint, trendPoint } from "../batches.test-helpers.js";
import { createMetricsDatabase, createRun, metricRowCounts } from "../runs.test-helpers.js";
import { METRICS_CHANNEL } from "./claim-batches.js";
import { ingestBatch } from "./ingest-batch.js";

const T0 = Date.UTC(2025, 10, 28, 12, 0, 0);

let db: TestDatabase;
beforeAll(async () => {
  db = await createMetricsDatabase("extension", T0);
});
afterAll(() => db?.drop());

function samplePoints(scale = 1) {
  return [
    trendPoint("http_req_duration", { status: "200", name: "home" }, [10 * scale, 20 * scale, 30 * scale]),
    counterPoint("http_reqs", { status: "200", name: "home" }, 3 * scale),
    ratePoint("checks", { check: "ok", group: "" }, 2, 3),
    gaugePoint("vus", {}, [1, 2]),
  ];
}

describe("ingestBatch", () => {
  it("stores a batch once: the same seq again is answered as a duplicate and writes nothing", async () => {
    const { runId, instanceIds } = await createRun(db.pool);
    const source = { runId, instanceId: instanceIds[0] as number };
    const doc = batch(1, T0 + 1000, samplePoints());
    expect(await ingestBatch(db.pool, source, doc)).toEqual({ accepted: true, duplicate: false });
    const after = await metricRowCounts(db.pool);
    expect(await ingestBatch(db.pool, source, structuredClone(doc))).toEqual({
      accepted: true,
      duplicate: true,
    });
    expect(await metricRowCounts(db.pool)).toEqual(after);
    const { rows } = await db.pool.query(
      "select count(*)::int as n, sum(counter_sum) as reqs from metric_points where run_id = $1",
      [runId],
    );
    expect(rows[0]).toEqual({ n: 4, reqs: 3 });
  });

  it("stores concurrent copies of one batch exactly once", async () => {
    const { runId, instanceIds } = await createRun(db.pool);
    const source = { runId, instanceId: instanceIds[0] as number };
    const doc = batch(1, T0 + 1000, samplePoints());
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => ingestBatch(db.pool, source, structuredClone(doc))),
    );
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    const { rows } = await db.pool.query("select count(*)::int as n from metric_points where run_id = $1", [
      runId,
    ]);
    expect(rows[0].n).toBe(4);
  });

  it("accepts batches after a lost one and batches arriving out of order", async () => {
    const { runId, instanceIds } = await createRun(db.pool);
    const source = { runId, instanceId: instanceIds[0] as number };
    for (const seq of [3, 1, 5])
      await ingestBatch(db.pool, source, batch(seq, T0 + seq * 1000, samplePoints()));
    const { rows } = await db.pool.query(
      `select array_agg(seq order by seq)::int[] as seqs,
              (select sum(counter_sum) from metric_points where run_id = $1) as reqs
         from metric_batches where run_id = $1`,
      [runId],
    );
    expect(rows[0]).toEqual({ seqs: [1, 3, 5], reqs: 9 });
  });

  it("refuses a corrupt batch before writing anything", async () => {
    const { runId, instanceIds } = await createRun(db.pool);
    const source = { runId, instanceId: instanceIds[0] as number };
    await ingestBatch(db.pool, source, batch(1, T0 + 1000, samplePoints()));
    const before = await metricRowCounts(db.pool);
    const corrupt = batch(2, T0 + 2000, samplePoints());
    Object.assign(corrupt.points[0]?.data ?? {}, { count: 99 });
    const error = await ingestBatch(db.pool, source, corrupt).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchRejected);
    expect((error as BatchRejected).field).toBe("points[0].data.count");
    expect(await metricRowCounts(db.pool)).toEqual(before);
    // The seq of the refused batch is still free: the fixed batch is stored, not a duplicate.
    expect(await ingestBatch(db.pool, source, batch(2, T0 + 2000, samplePoints()))).toEqual({
      accepted: true,
      duplicate: false,
    });
  });

  it("refuses a metric sent with another type than the run has, writing nothing", async () => {
    const { runId, instanceIds } = await createRun(db.pool, 2);
    await ingestBatch(
      db.pool,
      { runId, instanceId: instanceIds[0] as number },
      batch(1, T0 + 1000, samplePoints()),
    );
    const before = await metricRowCounts(db.pool);
    const other = batch(1, T0 + 1000, [ratePoint("http_reqs", { status: "500" }, 1, 1)]);
    const error = await ingestBatch(db.pool, { runId, instanceId: instanceIds[1] as number }, other).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BatchRejected);
    expect((error as Error).message).toContain('"http_reqs" is a counter of default in this run');
    expect(await metricRowCounts(db.pool)).toEqual(before);
  });

  it("notifies listeners with run, instance, seq and period end when the batch commits", async () => {
    const { runId, instanceIds } = await createRun(db.pool);
    const instanceId = instanceIds[0] as number;
    const listener = new pg.Client({ connectionString: db.url });
    await listener.connect();
    try {
      const received: unknown[] = [];
      listener.on("notification", (n) => received.push(JSON.parse(n.payload ?? "null")));
      await listener.query(`listen ${METRICS_CHANNEL}`);
      await ingestBatch(db.pool, { runId, instanceId }, batch(4, T0 + 4000, samplePoints()));
      await ingestBatch(db.pool, { runId, instanceId }, batch(4, T0 + 4000, samplePoints()));
      await expect.poll(() => received.length).toBe(1);
      expect(received[0]).toEqual({ runId, instanceId, seq: 4, end: T0 + 4000 });
    } finally {
      await listener.end();
    }
  });

  it("creates the day's partition when a batch arrives for a day without one", async () => {
    const { runId, instanceIds } = await createRun(db.pool);
    const far = Date.UTC(2026, 0, 15, 8, 0, 0);
    await ingestBatch(
      db.pool,
      { runId, instanceId: instanceIds[0] as number },
      batch(1, far, samplePoints()),
    );
    const { rows } = await db.pool.query("select count(*)::int as n from metric_points_p20260115");
    expect(rows[0].n).toBe(4);
  });

  it("says which run and instance are unknown", async () => {
    const error = await ingestBatch(
      db.pool,
      { runId: 999_999, instanceId: 1 },
      batch(1, T0 + 1000, []),
    ).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      "cannot store metric batch 1 of run 999999, instance 1: the run or the instance does not exist",
    );
    expect((error as Error).cause).toBeDefined();
  });

  it("keeps whole-run and 10-second derived values as batches arrive, from every agent", async () => {
    const { runId, instanceIds } = await createRun(db.pool, 2);
    const [a, b] = instanceIds as [number, number];
    await ingestBatch(db.pool, { runId, instanceId: a }, batch(1, T0 + 1000, samplePoints(1)));
    await ingestBatch(db.pool, { runId, instanceId: b }, batch(1, T0 + 1000, samplePoints(2)));
    await ingestBatch(db.pool, { runId, instanceId: a }, batch(2, T0 + 12_000, samplePoints(1)));
    const { rows } = await db.pool.query(
      `select s.metric, case when isfinite(d.bucket) then (extract(epoch from d.bucket) * 1000)::float8 end as bucket,
              d.count, d.rate, d.min, d.max, d.p50, d.p99
         from metric_derived d join metric_series s on s.id = d.series_id
        where d.run_id = $1 and s.metric in ('http_req_duration', 'http_reqs', 'checks')
        order by s.metric, d.bucket`,
      [runId],
    );
    const row = (metric: string, bucket: number | null) =>
      rows.find((r) => r.metric === metric && r.bucket === bucket);
    // Whole run: 10, 20, 30 twice and 20, 40, 60 once; percentiles are those of the merged histogram.
    const p50 = percentileOf([10, 20, 30, 20, 40, 60, 10, 20, 30], 0.5);
    expect(p50).not.toBe(20); // a bucket midpoint: the rows must come from the histogram
    expect(row("http_req_duration", null)).toMatchObject({ count: 9, min: 10, max: 60, p50, p99: 60 });
    expect(row("http_req_duration", T0)).toMatchObject({ count: 6, min: 10, max: 60 });
    expect(row("http_req_duration", T0 + 10_000)).toMatchObject({ count: 3, p50 });
    // Counter rate: per second of the bucket, or of the whole run's span (T0 .. T0 + 12 s).
    expect(row("http_reqs", T0)).toMatchObject({ count: 9, rate: 0.9 });
    expect(row("http_reqs", null)).toMatchObject({ count: 12, rate: 1 });
    expect(row("checks", null)).toMatchObject({ count: 9, rate: 6 / 9 });
  });
});

describe("ingestBatch from several processes and under load", () => {
  it("keeps derived values right when two processes (pools) write the same rows in turn", async () => {
    const { runId, instanceIds } = await createRun(db.pool, 2);
    const other = new pg.Pool({ connectionString: db.url, max: 2 });
    try {
      const pools = [db.pool, other, db.pool, other, db.pool];
      for (const [i, pool] of pools.entries()) {
        const instanceId = instanceIds[i % 2] as number;
        await ingestBatch(
          pool,
          { runId, instanceId },
          batch(i + 1, T0 + (i + 1) * 1000, [trendPoint("t", {}, [i + 1, 10 * (i + 1)])]),
        );
      }
    } finally {
      await other.end();
    }
    const { rows } = await db.pool.query(
      "select count, p50, p99, version from metric_derived where run_id = $1 and not isfinite(bucket)",
      [runId],
    );
    const values = [1, 10, 2, 20, 3, 30, 4, 40, 5, 50];
    expect(rows[0]).toMatchObject({ count: 10, p50: percentileOf(values, 0.5), p99: 50, version: "5" });
  });

  it("stores the good batches of a burst and refuses only the bad one", async () => {
    const { runId, instanceIds } = await createRun(db.pool, 20);
    await ingestBatch(
      db.pool,
      { runId, instanceId: instanceIds[0] as number },
      batch(1, T0 + 1000, samplePoints()),
    );
    const results = await Promise.allSettled(
      instanceIds.map((instanceId, i) =>
        ingestBatch(
          db.pool,
          { runId, instanceId },
          batch(2, T0 + 2000, i === 7 ? [ratePoint("http_reqs", {}, 1, 1)] : samplePoints()),
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(
      instanceIds.map((_, i) => (i === 7 ? "rejected" : "fulfilled")),
    );
    const rejected = results[7] as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(BatchRejected);
    expect((rejected.reason as BatchRejected).field).toBe("points[0].type");
    const { rows } = await db.pool.query(
      "select count(*)::int as batches from metric_batches where run_id = $1 and seq = 2",
      [runId],
    );
    expect(rows[0].batches).toBe(19);
  });
});

function percentileOf(values: number[], q: number): number {
  const h = new Histogram();
  for (const v of values) h.record(toUnits(v));
  return fromUnits(h.percentile(q));
}
