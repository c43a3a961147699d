import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeRunInsights } from "../insights/index.js";
import { ingestRun } from "../insights/insight-traffic.test-helpers.js";
import { latencies, seededRandom } from "../metrics/batches.test-helpers.js";
import { startTestApi, type TestApi } from "../server/test-api.test-helpers.js";
import { type SeededOrganization, seedOrganization, seedRun } from "../test-fixtures.test-helpers.js";
import { toGlobalId } from "./global-id.js";
import { seedInstances } from "./run-traffic.test-helpers.js";

let api: TestApi;
let acme: SeededOrganization;
let other: SeededOrganization;

beforeAll(async () => {
  api = await startTestApi([], { metrics: true });
  acme = await seedOrganization(api.db, "acme");
  other = await seedOrganization(api.db, "other");
});
afterAll(() => api.close());

const INSIGHTS = `query ($id: ID!) { testRun(id: $id) {
  insights { id severity title explanation from to metric filter }
} }`;

describe("TestRun.insights", () => {
  it("answers the stored insights most severe first, with a filter that timeSeries takes as it is", async () => {
    const run = await seedRun(api.db, acme);
    const [instanceId] = await seedInstances(api.database.pool, run.id, 1);
    const random = seededRandom(3);
    const start = Math.floor(Date.now() / 1000) * 1000 - 60_000;
    // 30% of requests fail from the start, and the agent's machine is saturated from second 5 to 17.
    await ingestRun(
      api.database.pool,
      { runId: run.id, instanceId: instanceId as number },
      start,
      30,
      (i) => ({
        vus: 10,
        iterations: 20,
        requests: [
          { name: "/api", latencies: latencies(random, 14, 20) },
          { name: "/api", status: "503", latencies: latencies(random, 6, 5) },
        ],
        agent: { cpu: 40, hostCpu: i >= 5 && i < 17 ? 97 : 40 },
      }),
    );
    await api.database.pool.query("update test_runs set status = 'FINISHED' where id = $1", [run.id]);
    await computeRunInsights(api.database.pool, run.id, "final");

    const answer = await api.graphql(acme.tokens.read, INSIGHTS, { id: toGlobalId("TestRun", run.id) });
    expect(answer.errors).toBeUndefined();
    const insights = answer.data?.testRun.insights;
    expect(insights.map((i: { id: string; severity: string }) => [i.id, i.severity])).toEqual([
      ["http_load_high_http_failure_rate", "CRITICAL"],
      ["health_high_loadgen_cpu_usage", "CRITICAL"],
    ]);
    expect(insights[0]).toMatchObject({
      metric: "http_req_failed",
      filter: {},
      from: new Date(start).toISOString(),
    });
    expect(insights[0].title).toMatch(/^High HTTP failure rate: 30\.\d% /);
    expect(insights[0].explanation).toContain("failed");
    const cpu = insights[1];
    expect(cpu).toMatchObject({
      metric: "barrage_agent_cpu",
      filter: { zone: "local", tags: [{ name: "instance_id", value: String(instanceId) }] },
      from: new Date(start + 5000).toISOString(),
      to: new Date(start + 17_000).toISOString(),
    });
    const chart = await api.graphql(
      acme.tokens.read,
      `query ($id: ID!, $metric: String!, $filter: TagFilterInput, $from: DateTime, $to: DateTime) {
         testRun(id: $id) { timeSeries(metric: $metric, filter: $filter, from: $from, to: $to) { points { value } } }
       }`,
      {
        id: toGlobalId("TestRun", run.id),
        metric: cpu.metric,
        filter: cpu.filter,
        from: cpu.from,
        to: cpu.to,
      },
    );
    expect(chart.errors).toBeUndefined();
    expect(chart.data?.testRun.timeSeries.points).toHaveLength(12);
  });

  it("is empty before the first round, and hidden from other organizations", async () => {
    const run = await seedRun(api.db, acme);
    const id = toGlobalId("TestRun", run.id);
    const answer = await api.graphql(acme.tokens.read, INSIGHTS, { id });
    expect(answer.data?.testRun).toEqual({ insights: [] });
    const foreign = await api.graphql(other.tokens.read, INSIGHTS, { id });
    expect(foreign.data?.testRun ?? null).toBeNull();
  });
});
