import { fromUnits } from "@barrage/hdr-native";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestDatabase } from "../db/test-database.test-helpers.js";
import { toGlobalId } from "../graphql/global-id.js";
import { createMetricsDatabase, createRun, HDR_MODES } from "../metrics/runs.test-helpers.js";
import { buildRunSeries } from "./build-run-series.js";
import { ingestRun, type RequestGroup } from "./insight-traffic.test-helpers.js";

const START = Math.floor(Date.now() / 1000) * 1000 - 60_000;
const at = (second: number) => START + second * 1000;
const pointsOf = (values: readonly number[]) => values.map((value, i) => ({ time: at(i), value }));

/** Nearest-rank quantile, what the merged histogram approximates to within its 1% buckets. */
function exactQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(q * sorted.length) - 1] as number;
}

/** Agent A (zone eu): home ×3 in a group, login ×2 failing with 503 in seconds 2 and 3 (×1 with 200 otherwise). */
function secondOfA(i: number): RequestGroup[] {
  return [
    {
      name: "home",
      url: "https://Shop.Example.com:8443/home?x=1",
      latencies: [10 + i, 20 + i, 30 + i],
      tags: { group: "::checkout" },
    },
    i === 2 || i === 3
      ? {
          name: "login",
          method: "POST",
          url: "http://user:pw@api.example.com/login",
          status: "503",
          latencies: [40, 50],
        }
      : { name: "login", method: "POST", url: "http://user:pw@api.example.com/login", latencies: [45] },
  ];
}

/** Agent B (zone us): one image, and in second 1 a home request failing without a response (status 0). */
function secondOfB(i: number): RequestGroup[] {
  const groups: RequestGroup[] = [{ name: "img", url: "http://[::1]:3000/img.png", latencies: [100 + i] }];
  if (i === 1)
    groups.push({ name: "home", url: "https://shop.example.com/home", status: "0", latencies: [5] });
  return groups;
}

describe.each(HDR_MODES)("buildRunSeries (HDR mode %s)", (mode) => {
  let db: TestDatabase;
  let runId: number;
  let baselineRunId: number;
  let instances: [number, number];

  beforeAll(async () => {
    db = await createMetricsDatabase(mode);
    const run = await createRun(db.pool, 2);
    runId = run.runId;
    instances = run.instanceIds as [number, number];
    const [a, b] = instances;
    await ingestRun(db.pool, { runId, instanceId: a }, START, 6, (i) => ({
      zone: "eu",
      vus: 3,
      iterations: 4,
      requests: secondOfA(i),
      agent: {
        cpu: 50 + i * 10,
        hostCpu: i === 4 ? 95 : 30,
        memory: 1000 + i,
        memoryLimit: i === 5 ? 2048 : 4096,
      },
    }));
    await ingestRun(db.pool, { runId, instanceId: b }, START, 6, (i) => ({
      zone: "us",
      vus: 2,
      iterations: 1,
      requests: secondOfB(i),
      agent: { cpu: 10 },
    }));
    const baseline = await createRun(db.pool, 1);
    baselineRunId = baseline.runId;
    await ingestRun(
      db.pool,
      { runId: baselineRunId, instanceId: baseline.instanceIds[0] as number },
      START,
      2,
      () => ({
        vus: 1,
        iterations: 1,
        requests: [{ name: "home", latencies: [7, 8, 9] }],
      }),
    );
  });
  afterAll(() => db?.drop());

  it("reads every series of the run on one-second buckets, summed over agents", async () => {
    const series = await buildRunSeries(db.pool, runId);
    expect(series).toMatchObject({ startedAt: START, endedAt: at(6), periodMs: 1000 });
    expect(series.vus).toEqual(pointsOf([5, 5, 5, 5, 5, 5]));
    expect(series.iterations).toEqual(pointsOf([5, 5, 5, 5, 5, 5]));
    // A: 3 home + 1 login (2 in seconds 2 and 3); B: 1 img (+1 home in second 1).
    expect(series.requests).toEqual(pointsOf([5, 6, 6, 6, 5, 5]));
    expect(series.failures).toEqual([
      { time: at(1), value: 1 },
      { time: at(2), value: 2 },
      { time: at(3), value: 2 },
    ]);
    expect(series.statuses).toEqual([
      { status: "0", failures: [{ time: at(1), value: 1 }] },
      {
        status: "503",
        failures: [
          { time: at(2), value: 2 },
          { time: at(3), value: 2 },
        ],
      },
    ]);
    series.p95.forEach((point, i) => {
      const all = [...secondOfA(i), ...secondOfB(i)].flatMap((g) => g.latencies);
      expect(point.time).toBe(at(i));
      expect(Math.abs(point.value - exactQuantile(all, 0.95)) / exactQuantile(all, 0.95)).toBeLessThan(0.01);
    });
    expect(series.p95).toHaveLength(6);
  });

  it("gives the failing URLs with their statuses, and only them", async () => {
    const { urls } = await buildRunSeries(db.pool, runId);
    expect(urls.map((u) => [u.name, u.method])).toEqual([
      ["login", "POST"],
      ["home", "GET"],
    ]);
    const [login, home] = urls;
    expect(login?.requests).toEqual(pointsOf([1, 1, 2, 2, 1, 1]));
    expect(login?.failures).toEqual([
      { time: at(2), value: 2 },
      { time: at(3), value: 2 },
    ]);
    expect(login?.statuses).toEqual([{ status: "503", failures: login?.failures }]);
    // home's requests are every home request of both agents: the burst test compares against them.
    expect(home?.requests).toEqual(pointsOf([3, 4, 3, 3, 3, 3]));
    expect(home?.statuses).toEqual([{ status: "0", failures: [{ time: at(1), value: 1 }] }]);
  });

  it("totals zones with merged histograms, hosts from the url tag, and cardinalities without the agents' gauges", async () => {
    const series = await buildRunSeries(db.pool, runId);
    expect(series.zones.map((z) => [z.zone, z.requests])).toEqual([
      ["eu", 26],
      ["us", 7],
    ]);
    const us = series.zones[1]?.histogram;
    expect(us && "count" in us ? us.count : undefined).toBe(7);
    const durations = series.durationHistogram;
    expect(durations && "count" in durations ? durations.count : undefined).toBe(33);
    expect(durations && "max" in durations ? fromUnits(durations.max) : 0).toBeCloseTo(105, 0);
    expect(series.hosts).toEqual([
      { host: "shop.example.com", requests: 19 },
      { host: "api.example.com", requests: 8 },
      { host: "[::1]", requests: 6 },
    ]);
    // Series: vus ×2, iterations ×2; per (name, url, status, zone) one of each HTTP metric:
    // A home, A login 200, A login 503, B img, B home 0 = 5 × 3.
    expect(series.cardinality).toEqual({ urls: 3, groups: 1, metrics: 5, timeSeries: 19 });
  });

  it("takes each agent's CPU as the higher of process and machine, its memory against its lowest limit", async () => {
    const { agents } = await buildRunSeries(db.pool, runId);
    expect(agents).toEqual([
      {
        agent: String(instances[0]),
        zone: "eu",
        cpuPercent: pointsOf([50, 60, 70, 80, 95, 100]),
        memoryBytes: pointsOf([1000, 1001, 1002, 1003, 1004, 1005]),
        memoryLimitBytes: 2048,
      },
      { agent: String(instances[1]), zone: "us", cpuPercent: pointsOf([10, 10, 10, 10, 10, 10]) },
    ]);
  });

  it("adds the baseline's whole-run histogram under the id users see, and never the run itself", async () => {
    const series = await buildRunSeries(db.pool, runId, { baselineRunId });
    expect(series.baseline?.runId).toBe(toGlobalId("TestRun", baselineRunId));
    const histogram = series.baseline?.durationHistogram;
    expect(histogram && "count" in histogram ? histogram.count : undefined).toBe(6);
    expect((await buildRunSeries(db.pool, runId, { baselineRunId: runId })).baseline).toBeUndefined();
  });

  it("spans a run without metrics from its creation to now, with empty series", async () => {
    const { runId: empty } = await createRun(db.pool, 1);
    const series = await buildRunSeries(db.pool, empty, { now: () => Date.now() + 5000 });
    expect(series.endedAt).toBeGreaterThan(series.startedAt);
    expect(series).toMatchObject({ vus: [], requests: [], urls: [], zones: [], hosts: [], agents: [] });
    expect(series.durationHistogram).toBeUndefined();
    await expect(buildRunSeries(db.pool, 999_999)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
