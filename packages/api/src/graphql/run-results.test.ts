import { type Client, createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { batch, counterPoint, gaugePoint, latencies, seededRandom } from "../metrics/batches.test-helpers.js";
import { ingestBatch } from "../metrics/index.js";
import { transitionRun } from "../runs/status.js";
import { startTestApi, type TestApi } from "../server/test-api.test-helpers.js";
import { type SeededOrganization, seedOrganization, seedRun } from "../test-fixtures.test-helpers.js";
import { toGlobalId } from "./global-id.js";
import { ingestSecond, seedInstances } from "./run-traffic.test-helpers.js";

let api: TestApi;
let acme: SeededOrganization;
const clients: Client[] = [];

beforeAll(async () => {
  api = await startTestApi([], { metrics: true });
  acme = await seedOrganization(api.db, "acme");
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await api.close();
});

/** One agent's second of traffic in `zone`: `login` requests (2 failing) and `home` requests. */
function secondOfTraffic(
  source: { runId: number; instanceId: number },
  seq: number,
  end: number,
  zone: string,
  samples: { login: number[]; home: number[] },
) {
  return ingestSecond(api.database.pool, source, {
    seq,
    end,
    zone,
    vus: 5,
    urls: [
      { name: "login", method: "POST", latencies: samples.login, failures: 2 },
      { name: "home", method: "GET", latencies: samples.home, failures: 0 },
    ],
  });
}

function exactQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(q * sorted.length) - 1] as number;
}

describe("a run's results over GraphQL", () => {
  it("answers stats, per-URL and per-zone tables, time series and percentiles from every agent's data", async () => {
    const run = await seedRun(api.db, acme);
    const [a, b] = await seedInstances(api.database.pool, run.id, 2);
    const random = seededRandom(7);
    // Aligned to 3 s, so that the 3-second buckets (aligned to the epoch) hold the whole run.
    const start = Math.floor(Date.now() / 3000) * 3000 - 12_000;
    const all = { login: [] as number[], home: [] as number[] };
    const zoneA: number[] = [];
    for (let second = 1; second <= 3; second++) {
      for (const [instanceId, zone, median] of [
        [a, "eu", 20],
        [b, "us", 80],
      ] as const) {
        const samples = { login: latencies(random, 100, median), home: latencies(random, 50, median / 2) };
        all.login.push(...samples.login);
        all.home.push(...samples.home);
        if (zone === "eu") zoneA.push(...samples.login, ...samples.home);
        await secondOfTraffic(
          { runId: run.id, instanceId: instanceId as number },
          second,
          start + second * 1000,
          zone,
          samples,
        );
      }
    }
    const answer = await api.graphql(
      acme.tokens.read,
      `query ($id: ID!) { testRun(id: $id) {
         stats { vusMax durationMs httpRequests httpRequestRate httpFailureRate httpP95Ms }
         metrics { name type contains }
         urls { name method requests failures failureRate p95Ms p99Ms }
         zones { zone requests p95Ms }
         timeSeries(metric: "http_req_duration", filter: { name: "login" }) { type points { time value count p99 } }
         reqs: timeSeries(metric: "http_reqs", resolutionSeconds: 3) { points { value sum } }
         percentiles(metric: "http_req_duration", quantiles: [0.5, 0.95], filter: { zone: "eu" }) { count values { quantile value } }
         summary { text data }
       } }`,
      { id: toGlobalId("TestRun", run.id) },
    );
    expect(answer.errors).toBeUndefined();
    const result = answer.data?.testRun;
    const everything = [...all.login, ...all.home];
    expect(result.stats).toMatchObject({
      vusMax: 10,
      durationMs: 3000,
      httpRequests: 900,
      httpRequestRate: 300,
    });
    expect(result.stats.httpFailureRate).toBeCloseTo(12 / 900, 10);
    expect(result.stats.httpP95Ms).toBeCloseTo(exactQuantile(everything, 0.95), 0);
    expect(result.metrics.map((m: { name: string }) => m.name).sort()).toEqual([
      "http_req_duration",
      "http_req_failed",
      "http_reqs",
      "vus",
    ]);
    expect(result.metrics.find((m: { name: string }) => m.name === "http_req_duration")).toEqual({
      name: "http_req_duration",
      type: "TREND",
      contains: "time",
    });
    expect(
      result.urls.map((u: { name: string; method: string; requests: number; failures: number }) => [
        u.name,
        u.method,
        u.requests,
        u.failures,
      ]),
    ).toEqual([
      ["login", "POST", 600, 12],
      ["home", "GET", 300, 0],
    ]);
    const loginP99 = result.urls[0].p99Ms;
    expect(Math.abs(loginP99 - exactQuantile(all.login, 0.99)) / exactQuantile(all.login, 0.99)).toBeLessThan(
      0.01,
    );
    expect(result.zones.map((z: { zone: string; requests: number }) => [z.zone, z.requests]).sort()).toEqual([
      ["eu", 450],
      ["us", 450],
    ]);
    expect(result.timeSeries.type).toBe("TREND");
    expect(result.timeSeries.points.map((p: { count: number }) => p.count)).toEqual([200, 200, 200]);
    expect(new Date(result.timeSeries.points[0].time).getTime()).toBe(start);
    expect(result.reqs.points).toEqual([{ value: 300, sum: 900 }]);
    const [p50, p95] = result.percentiles.values;
    expect(result.percentiles.count).toBe(zoneA.length);
    expect(Math.abs(p50.value - exactQuantile(zoneA, 0.5)) / exactQuantile(zoneA, 0.5)).toBeLessThan(0.01);
    expect(p95).toMatchObject({ quantile: 0.95 });
    expect(result.summary.text).toContain("http_reqs");
    expect(result.summary.data.metrics.http_reqs.values.count).toBe(900);
  });

  it("refuses a resolution that would make too many points, and percentiles of a counter, naming the argument", async () => {
    const run = await seedRun(api.db, acme);
    const answer = await api.graphql(
      acme.tokens.read,
      `query ($id: ID!) { testRun(id: $id) { timeSeries(metric: "vus", resolutionSeconds: 0.0001, from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z") { type } } }`,
      { id: toGlobalId("TestRun", run.id) },
    );
    expect(answer.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "resolutionSeconds",
    });
    const [instance] = await seedInstances(api.database.pool, run.id, 1);
    await ingestBatch(
      api.database.pool,
      { runId: run.id, instanceId: instance as number },
      batch(1, Date.now(), [counterPoint("http_reqs", {}, 3)]),
    );
    const percentiles = await api.graphql(
      acme.tokens.read,
      `query ($id: ID!) { testRun(id: $id) { percentiles(metric: "http_reqs") { count } } }`,
      { id: toGlobalId("TestRun", run.id) },
    );
    expect(percentiles.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "metric" });
    expect(percentiles.errors?.[0]?.message).toMatch(/counter/);
  });

  it("keeps the agents' own metrics out of the summary but lists and charts them", async () => {
    const run = await seedRun(api.db, acme);
    const [instance] = await seedInstances(api.database.pool, run.id, 1);
    await ingestBatch(
      api.database.pool,
      { runId: run.id, instanceId: instance as number },
      batch(1, Date.now(), [
        counterPoint("http_reqs", {}, 3),
        gaugePoint("barrage_agent_cpu", { instance_id: "1" }, [42]),
      ]),
    );
    const answer = await api.graphql(
      acme.tokens.read,
      `query ($id: ID!) { testRun(id: $id) { metrics { name } summary { text } cpu: timeSeries(metric: "barrage_agent_cpu") { points { value } } } }`,
      { id: toGlobalId("TestRun", run.id) },
    );
    const result = answer.data?.testRun;
    expect(result.metrics.map((m: { name: string }) => m.name).sort()).toEqual([
      "barrage_agent_cpu",
      "http_reqs",
    ]);
    expect(result.summary.text).toContain("http_reqs");
    expect(result.summary.text).not.toContain("barrage_agent");
    expect(result.cpu.points).toEqual([{ value: 42 }]);
  });

  it("has no stats before the first metrics", async () => {
    const run = await seedRun(api.db, acme);
    const answer = await api.graphql(
      acme.tokens.read,
      "query ($id: ID!) { testRun(id: $id) { stats { vusMax } thresholds { ok } urls { name } } }",
      {
        id: toGlobalId("TestRun", run.id),
      },
    );
    expect(answer.data?.testRun).toEqual({ stats: null, thresholds: [], urls: [] });
  });
});

describe("testRunMetrics over WebSocket", () => {
  it("pushes each stored batch's buckets within 1.5 s and completes after the final status", async () => {
    const run = await seedRun(api.db, acme);
    const [instance] = await seedInstances(api.database.pool, run.id, 1);
    const client = createClient({
      url: api.server.url.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${acme.tokens.read}` },
      retryAttempts: 0,
    });
    clients.push(client);
    const updates: {
      at: number;
      series: { metric: string; points: { time: string; value: number }[] }[];
      status: string;
    }[] = [];
    const done = new Promise<void>((resolve, reject) =>
      client.subscribe(
        {
          query: `subscription ($id: ID!) { testRunMetrics(id: $id, metrics: ["http_reqs"]) { status series { metric points { time value } } } }`,
          variables: { id: toGlobalId("TestRun", run.id) },
        },
        {
          next: (result) => {
            if (result.errors) reject(new Error(JSON.stringify(result.errors)));
            updates.push({
              at: Date.now(),
              ...(result.data?.testRunMetrics as { series: never[]; status: string }),
            });
          },
          error: reject,
          complete: resolve,
        },
      ),
    );
    await expect.poll(() => updates.length).toBe(1);
    expect(updates[0]?.series).toEqual([{ metric: "http_reqs", points: [] }]);

    const end = Math.floor(Date.now() / 1000) * 1000;
    const sentAt = Date.now();
    await ingestBatch(
      api.database.pool,
      { runId: run.id, instanceId: instance as number },
      batch(1, end, [counterPoint("http_reqs", {}, 42)]),
    );
    await expect.poll(() => updates.length, { timeout: 1500 }).toBe(2);
    expect((updates[1]?.at ?? Infinity) - sentAt).toBeLessThan(1500);
    expect(updates[1]?.series[0]?.points).toEqual([{ time: new Date(end - 1000).toISOString(), value: 42 }]);

    await transitionRun(api.db, run.id, "ABORTED_BY_USER", "test over");
    await done;
    expect(updates.at(-1)?.status).toBe("ABORTED_BY_USER");
  });
});
