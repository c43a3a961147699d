import { decodeHistogram } from "@barrage/hdr-native";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestDatabase } from "../db/test-database.test-helpers.js";
import { batch, counterPoint, latencies, seededRandom, trendPoint } from "./batches.test-helpers.js";
import { ingestBatch } from "./ingest/ingest-batch.js";
import { queryPercentiles } from "./queries/window-percentiles.js";
import { createMetricsDatabase, createRun } from "./runs.test-helpers.js";
import { prepareMetricStore } from "./store-mode.js";

const T0 = Date.UTC(2025, 10, 28, 12, 0, 0);
const random = seededRandom(7);

let db: TestDatabase;
const pools: pg.Pool[] = [];
beforeAll(async () => {
  db = await createMetricsDatabase("extension", T0);
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await db?.drop();
});

/** Another process on the same database, its store prepared on the pure-SQL fallback. */
async function fallbackProcess(): Promise<{ pool: pg.Pool; log: string[] }> {
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  pools.push(pool);
  const log: string[] = [];
  expect(await prepareMetricStore(pool, { hdrMode: "sql", logger: { info: (m) => log.push(m) } })).toBe(
    "sql",
  );
  return { pool, log };
}

async function storeSeconds(pool: pg.Pool, runId: number, instanceId: number, seconds: number[]) {
  for (const s of seconds) {
    const points = [
      trendPoint("http_req_duration", { name: "/home" }, latencies(random, 200, 20)),
      counterPoint("http_reqs", { name: "/home" }, 200),
    ];
    await ingestBatch(pool, { runId, instanceId }, batch(s, T0 + s * 1000, points));
  }
}

const percentiles = (pool: pg.Pool, runId: number) =>
  queryPercentiles(pool, { runId, metric: "http_req_duration", filter: {}, quantiles: [0.5, 0.99] });

describe("the metric store's bucket arrays", () => {
  it("are not written under the extension, and are filled when the store moves to the fallback", async () => {
    const { runId, instanceIds } = await createRun(db.pool);
    const instanceId = instanceIds[0] as number;
    await storeSeconds(db.pool, runId, instanceId, [1, 2, 3]);
    const unfilled = await db.pool.query(
      "select count(*)::int as n from metric_points where hdr_hist is not null and hdr_idx is null",
    );
    expect(unfilled.rows[0].n).toBe(3);
    const underExtension = await percentiles(db.pool, runId);

    const first = await fallbackProcess();
    expect(first.log).toContain("metric store: filled the bucket arrays of 3 points");
    const { rows } = await db.pool.query<{ hdr_hist: Buffer; hdr_idx: number[]; hdr_cnt: number[] }>(
      "select hdr_hist, hdr_idx, hdr_cnt from metric_points where hdr_hist is not null",
    );
    for (const row of rows) {
      const buckets: [number, number][] = [];
      decodeHistogram(row.hdr_hist).forEachBucket((index, count) => buckets.push([index, count]));
      expect(row.hdr_idx.map((index, i) => [index, row.hdr_cnt[i]])).toEqual(buckets);
    }
    expect(await percentiles(first.pool, runId)).toEqual(underExtension);

    // The fallback writes both forms itself, so the next process on it has nothing to fill.
    await storeSeconds(first.pool, runId, instanceId, [4]);
    const filledOnIngest = await db.pool.query(
      "select count(*)::int as n from metric_points where hdr_idx is not null and ts = $1",
      [new Date(T0 + 4000)],
    );
    expect(filledOnIngest.rows[0].n).toBe(1);
    const second = await fallbackProcess();
    expect(second.log.filter((line) => line.includes("filled"))).toEqual([]);
  });
});
