import { decodeHistogram, fromUnits, type Histogram } from "@barrage/hdr-native";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestDatabase } from "../../db/test-database.test-helpers.js";
import {
  type BatchJson,
  batch,
  counterPoint,
  gaugePoint,
  latencies,
  ratePoint,
  seededRandom,
  trendPoint,
} from "../batches.test-helpers.js";
import { clampToRange } from "../clamp.js";
import { ingestBatch } from "../ingest/ingest-batch.js";
import { createMetricsDatabase, createRun, HDR_MODES } from "../runs.test-helpers.js";
import { queryDerivedMetrics } from "./derived-metrics.js";
import { queryMergedHistograms } from "./merged-histograms.js";
import { pointScope } from "./point-scope.js";
import { queryRunSummary } from "./run-summary.js";
import { queryTimeSeries } from "./time-series.js";
import { queryPercentiles } from "./window-percentiles.js";

const T0 = Date.UTC(2025, 10, 28, 12, 0, 0);
const ZONES = ["zone-a", "zone-a", "zone-b", "zone-b"];
const SECONDS = 30;

/**
 * Four agents (two per zone), 30 one-second periods each: lognormal request durations for two URLs
 * with status 200 or 500, request counters, a checks rate, vus. Returns each agent's batches.
 */
function agentBatches(): BatchJson[][] {
  const random = seededRandom(42);
  return ZONES.map((zone, agent) =>
    Array.from({ length: SECONDS }, (_, s) => {
      const points = [];
      for (const name of ["/home", "/login"]) {
        for (const status of ["200", "500"]) {
          const n = status === "200" ? 100 + Math.floor(random() * 400) : 1 + Math.floor(random() * 20);
          const tags = { load_zone: zone, scenario: "default", name, status, method: "GET" };
          points.push(
            trendPoint("http_req_duration", tags, latencies(random, n, name === "/home" ? 15 : 60)),
          );
          points.push(counterPoint("http_reqs", tags, n));
        }
      }
      points.push(ratePoint("checks", { load_zone: zone, check: "ok", group: "::api" }, 80 + agent, 100));
      points.push(gaugePoint("vus", { load_zone: zone }, [agent + s, agent + s + 1]));
      points.push(gaugePoint("memory", { load_zone: zone }, [100 * agent + s]));
      return batch(s + 1, T0 + (s + 1) * 1000, points);
    }),
  );
}

/** The expected answer, merged in TypeScript from the batches themselves. */
function mergedTrend(batches: BatchJson[], keep: (tags: Record<string, string>, end: number) => boolean) {
  let hist: Histogram | undefined;
  let [count, sum, min, max] = [0, 0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const b of batches) {
    for (const p of b.points) {
      if (p.metric !== "http_req_duration" || !keep(p.tags, b.end)) continue;
      const h = decodeHistogram(Buffer.from(p.data.hdr as string, "base64"));
      if (hist) hist.merge(h);
      else hist = h;
      count += p.data.count as number;
      sum += p.data.sum as number;
      min = Math.min(min, p.data.min as number);
      max = Math.max(max, p.data.max as number);
    }
  }
  const percentile = (q: number) => (hist ? clampToRange(fromUnits(hist.percentile(q)), min, max) : 0);
  return { count, sum, min, max, percentile, buckets: hist ? bucketsOf(hist) : [] };
}

/** A histogram's non-empty buckets as [index, count] pairs. */
function bucketsOf(hist: Histogram): [number, number][] {
  const buckets: [number, number][] = [];
  hist.forEachBucket((index, count) => buckets.push([index, count]));
  return buckets;
}

describe.each(HDR_MODES)("metric queries (HDR mode %s)", (mode) => {
  let db: TestDatabase;
  let runId: number;
  const perAgent = agentBatches();
  const all = perAgent.flat();

  beforeAll(async () => {
    db = await createMetricsDatabase(mode, T0);
    const run = await createRun(db.pool, 4);
    runId = run.runId;
    // Interleaved and concurrent, as four live agents send them.
    for (let s = 0; s < SECONDS; s++) {
      await Promise.all(
        perAgent.map((batches, agent) =>
          ingestBatch(db.pool, { runId, instanceId: run.instanceIds[agent] as number }, batches[s]),
        ),
      );
    }
  });
  afterAll(() => db?.drop());

  it(
    mode === "sql" ? "runs without the barrage_hdr extension" : "has the barrage_hdr extension",
    async () => {
      const { rows } = await db.pool.query(
        "select count(*)::int as n from pg_extension where extname = 'barrage_hdr'",
      );
      expect(rows[0].n).toBe(mode === "sql" ? 0 : 1);
    },
  );

  it("summarizes the run from all agents: trends merged, counters summed, gauges by k6 Cloud's rule", async () => {
    const data = await queryRunSummary(pool(), runId, {
      summaryTrendStats: ["avg", "min", "med", "max", "p(90)", "p(95)", "p(99.9)", "count"],
    });
    const expected = mergedTrend(all, () => true);
    const duration = data.metrics.http_req_duration?.values ?? {};
    expect(duration.count).toBe(expected.count);
    expect(duration.min).toBe(expected.min);
    expect(duration.max).toBe(expected.max);
    expect(duration.avg).toBeCloseTo(expected.sum / expected.count, 9);
    expect(duration.med).toBe(expected.percentile(0.5));
    expect(duration["p(90)"]).toBe(expected.percentile(0.9));
    expect(duration["p(95)"]).toBe(expected.percentile(0.95));
    expect(duration["p(99.9)"]).toBe(expected.percentile(0.999));

    expect(data.metrics.http_reqs?.values).toEqual({ count: expected.count, rate: expected.count / SECONDS });
    expect(data.state.testRunDurationMs).toBe(SECONDS * 1000);
    // vus: every agent's last value summed (agent + 30 at the last second); extremes summed too.
    expect(data.metrics.vus?.values).toEqual({
      value: 0 + 1 + 2 + 3 + 4 * SECONDS,
      min: 6,
      max: 6 + 4 * SECONDS,
    });
    // Any other gauge: the last value reported (the highest instance at the last period).
    expect(data.metrics.memory?.values).toEqual({ value: 300 + SECONDS - 1, min: 0, max: 300 + SECONDS - 1 });
    expect(data.metrics.checks?.values).toEqual({
      rate: 326 / 400,
      passes: 326 * SECONDS,
      fails: 74 * SECONDS,
    });
    const api = data.root_group.groups[0];
    expect(api).toMatchObject({
      name: "api",
      path: "::api",
      checks: [{ name: "ok", passes: 326 * SECONDS }],
    });
  });

  it("gives percentiles over a window and tag filter from the merged histograms", async () => {
    const from = T0 + 5000;
    const to = T0 + 15_000;
    const answer = await queryPercentiles(pool(), {
      runId,
      metric: "http_req_duration",
      filter: { zone: "zone-b", status: "200" },
      from,
      to,
      quantiles: [0.5, 0.95, 0.99],
    });
    // Periods whose midpoint (end - 500 ms) is in [from, to): ends from T0 + 6 s to T0 + 15 s.
    const expected = mergedTrend(
      all,
      (tags, end) => tags.load_zone === "zone-b" && tags.status === "200" && end > from && end <= to,
    );
    expect(answer.count).toBe(expected.count);
    expect(answer.percentiles).toEqual([0.5, 0.95, 0.99].map(expected.percentile));
    expect(answer.min).toBe(expected.min);
  });

  it("merges a trend's histograms per selection in the database, with exact bucket counts", async () => {
    const merged = await queryMergedHistograms(
      pool(),
      pointScope(runId, [
        { name: "home", metric: "http_req_duration", tags: { name: "/home" } },
        { name: "nowhere", metric: "http_req_duration", tags: { name: "/nowhere" } },
      ]),
    );
    expect([...merged.keys()]).toEqual(["home"]);
    const expected = mergedTrend(all, (tags) => tags.name === "/home");
    expect(bucketsOf(merged.get("home") as Histogram)).toEqual(expected.buckets);
    expect(merged.get("home")?.count).toBe(expected.count);
  });

  it("charts a trend per bucket with tag filters", async () => {
    const series = await queryTimeSeries(pool(), {
      runId,
      metric: "http_req_duration",
      filter: { name: "/login", tags: { method: "GET" } },
      resolutionSeconds: 10,
      from: T0,
    });
    expect(series.type).toBe("trend");
    expect(series.points.map((p) => p.time)).toEqual([T0, T0 + 10_000, T0 + 20_000]);
    series.points.forEach((point, i) => {
      const expected = mergedTrend(
        all,
        (tags, end) => tags.name === "/login" && end > T0 + i * 10_000 && end <= T0 + (i + 1) * 10_000,
      );
      expect(point).toEqual({
        time: T0 + i * 10_000,
        count: expected.count,
        avg: expect.closeTo(expected.sum / expected.count, 9),
        min: expected.min,
        max: expected.max,
        p50: expected.percentile(0.5),
        p90: expected.percentile(0.9),
        p95: expected.percentile(0.95),
        p99: expected.percentile(0.99),
      });
    });
  });

  it("charts counters as sums and per-second rates, rates as ratios, gauges by the summed rule", async () => {
    const reqs = await queryTimeSeries(pool(), {
      runId,
      metric: "http_reqs",
      filter: { zone: "zone-a" },
      resolutionSeconds: 15,
    });
    const expectedSum = (lo: number, hi: number) =>
      all
        .filter((b) => b.end > lo && b.end <= hi)
        .flatMap((b) => b.points)
        .filter((p) => p.metric === "http_reqs" && p.tags.load_zone === "zone-a")
        .reduce((s, p) => s + (p.data.sum as number), 0);
    // Epoch-aligned 15-second buckets: T0 is a multiple of 15 s.
    expect(reqs.points).toEqual([
      { time: T0, sum: expectedSum(T0, T0 + 15_000), rate: expectedSum(T0, T0 + 15_000) / 15 },
      {
        time: T0 + 15_000,
        sum: expectedSum(T0 + 15_000, T0 + 30_000),
        rate: expectedSum(T0 + 15_000, T0 + 30_000) / 15,
      },
    ]);
    const checks = await queryTimeSeries(pool(), {
      runId,
      metric: "checks",
      resolutionSeconds: 30,
      from: T0,
    });
    expect(checks.points).toEqual([{ time: T0, nonzero: 326 * 30, total: 400 * 30, rate: 326 / 400 }]);
    const vus = await queryTimeSeries(pool(), {
      runId,
      metric: "vus",
      resolutionSeconds: 1,
      from: T0,
      to: T0 + 2000,
    });
    // Second 0: agents at 0+1, 1+1, 2+1, 3+1 (last values) summed.
    expect(vus.points).toEqual([
      { time: T0, value: 10, min: 6, max: 10 },
      { time: T0 + 1000, value: 14, min: 10, max: 14 },
    ]);
  });

  it("answers an unknown metric with an empty series and refuses percentiles of a counter", async () => {
    expect(await queryTimeSeries(pool(), { runId, metric: "nope", resolutionSeconds: 1 })).toEqual({
      metric: "nope",
      type: null,
      resolutionSeconds: 1,
      points: [],
    });
    await expect(queryPercentiles(pool(), { runId, metric: "http_reqs", quantiles: [0.5] })).rejects.toThrow(
      'metric "http_reqs" is a counter; percentiles exist only for trends',
    );
  });

  it("keeps derived values per series equal to what the queries compute from the points", async () => {
    const rows = await queryDerivedMetrics(pool(), { runId, metric: "http_req_duration" });
    expect(rows).toHaveLength(8); // 2 zones x 2 names x 2 statuses
    for (const row of rows) {
      expect(row.bucket).toBeNull();
      const expected = mergedTrend(all, (tags) => Object.entries(row.tags).every(([k, v]) => tags[k] === v));
      expect(row).toMatchObject({
        count: expected.count,
        min: expected.min,
        max: expected.max,
        p50: expected.percentile(0.5),
        p99: expected.percentile(0.99),
        rate: expected.count / SECONDS,
      });
    }
    const buckets = await queryDerivedMetrics(pool(), { runId, metric: "checks", span: "buckets" });
    // One checks series per zone with two agents each (80 + agent of 100 pass); ten periods per bucket.
    const zone = (passRate: number) =>
      [T0, T0 + 10_000, T0 + 20_000].map((t) => [t, 2 * 100 * 10, expect.closeTo(passRate, 12)]);
    expect(buckets.map((b) => [b.bucket, b.count, b.rate])).toEqual([...zone(161 / 200), ...zone(165 / 200)]);
  });

  function pool() {
    return db.pool;
  }
});
