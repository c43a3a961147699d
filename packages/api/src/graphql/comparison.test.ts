import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestRunRow } from "../db/schema/runs.js";
import { latencies, seededRandom } from "../metrics/batches.test-helpers.js";
import { startTestApi, type TestApi } from "../server/test-api.test-helpers.js";
import { type SeededOrganization, seedOrganization, seedRun } from "../test-fixtures.test-helpers.js";
import { toGlobalId } from "./global-id.js";
import { ingestSecond, seedInstances } from "./run-traffic.test-helpers.js";

let api: TestApi;
let acme: SeededOrganization;
let other: SeededOrganization;

beforeAll(async () => {
  api = await startTestApi([], { metrics: true });
  acme = await seedOrganization(api.db, "acme");
  other = await seedOrganization(api.db, "other");
});
afterAll(() => api.close());

/**
 * A FINISHED run of "checkout" with 10 s of traffic: `login` at `loginMedian` ms with
 * `loginFailures` failures a second, `home` always the same.
 */
async function finishedRun(seed: number, loginMedian: number, loginFailures: number): Promise<TestRunRow> {
  const run = await seedRun(api.db, acme, "checkout");
  const [instanceId] = await seedInstances(api.database.pool, run.id, 1);
  const random = seededRandom(seed);
  const start = Math.floor(Date.now() / 1000) * 1000 - 60_000;
  for (let seq = 1; seq <= 10; seq++) {
    await ingestSecond(
      api.database.pool,
      { runId: run.id, instanceId: instanceId as number },
      {
        seq,
        end: start + seq * 1000,
        zone: "local",
        vus: 10,
        urls: [
          {
            name: "login",
            method: "POST",
            latencies: latencies(random, 100, loginMedian),
            failures: loginFailures,
          },
          { name: "home", method: "GET", latencies: latencies(random, 100, 10), failures: 0 },
        ],
      },
    );
  }
  await api.database.pool.query("update test_runs set status = 'FINISHED' where id = $1", [run.id]);
  return { ...run, status: "FINISHED" };
}

type Row = { figure: string; url: string | null; significant: boolean; relativeDifference: number | null };

describe("run comparison", () => {
  it("compares a run with the previous one per figure and URL, significant only where it changed", async () => {
    const base = await finishedRun(1, 20, 1);
    const run = await finishedRun(2, 40, 10);
    const answer = await api.graphql(
      acme.tokens.read,
      `query ($id: ID!) { testRun(id: $id) { comparison { base { id } rows { figure url value baseValue difference relativeDifference significant } } } }`,
      { id: toGlobalId("TestRun", run.id) },
    );
    expect(answer.errors).toBeUndefined();
    const comparison: { base: { id: string }; rows: Row[] } = answer.data?.testRun.comparison;
    const { base: against, rows } = comparison;
    expect(against.id).toBe(toGlobalId("TestRun", base.id));
    const find = (figure: string, url: string | null) =>
      rows.find((r) => r.figure === figure && r.url === url) as Row;
    expect(rows).toHaveLength(15);
    expect(find("P95", "login")).toMatchObject({ significant: true });
    expect(find("P95", "login").relativeDifference).toBeGreaterThan(0.8);
    expect(find("P95", null).significant).toBe(true);
    expect(find("P95", "home").significant).toBe(false);
    expect(find("FAILURE_RATE", "login")).toMatchObject({ significant: true, relativeDifference: 9 });
    expect(find("FAILURE_RATE", "home").significant).toBe(false);
    expect(find("REQUEST_RATE", null)).toMatchObject({ significant: false, difference: 0 });
  });

  it("compares with the baseline once one is set, and draws the test's trend", async () => {
    const first = await finishedRun(3, 20, 0);
    const second = await finishedRun(4, 20, 0);
    const unset = await api.graphql(
      acme.tokens.read,
      `query ($id: ID!) { testRun(id: $id) { comparison(against: BASELINE) { base { id } } } }`,
      { id: toGlobalId("TestRun", second.id) },
    );
    expect(unset.data?.testRun.comparison).toBeNull();

    const readOnly = await api.graphql(
      acme.tokens.read,
      `mutation ($id: ID!) { setBaseline(runId: $id) { id } }`,
      {
        id: toGlobalId("TestRun", first.id),
      },
    );
    expect(readOnly.errors?.[0]?.extensions.code).toBe("FORBIDDEN");
    const set = await api.graphql(
      acme.tokens.write,
      `mutation ($id: ID!) { setBaseline(runId: $id) { baseline { id } trend(figure: P95, last: 3) { run { id } value } } }`,
      { id: toGlobalId("TestRun", first.id) },
    );
    expect(set.errors).toBeUndefined();
    expect(set.data?.setBaseline.baseline.id).toBe(toGlobalId("TestRun", first.id));
    const trend = set.data?.setBaseline.trend as { run: { id: string }; value: number }[];
    expect(trend).toHaveLength(3);
    expect(trend.slice(1).map((p) => p.run.id)).toEqual(
      [first.id, second.id].map((id) => toGlobalId("TestRun", id)),
    );
    for (const point of trend) expect(point.value).toBeGreaterThan(0);

    const compared = await api.graphql(
      acme.tokens.read,
      `query ($id: ID!) { testRun(id: $id) { comparison(against: BASELINE) { base { id } rows { figure } } } }`,
      { id: toGlobalId("TestRun", second.id) },
    );
    expect(compared.data?.testRun.comparison.base.id).toBe(toGlobalId("TestRun", first.id));
  });

  it("refuses a baseline that did not finish and another organization's runs", async () => {
    const running = await seedRun(api.db, acme, "checkout");
    const conflict = await api.graphql(
      acme.tokens.write,
      `mutation ($id: ID!) { setBaseline(runId: $id) { id } }`,
      {
        id: toGlobalId("TestRun", running.id),
      },
    );
    expect(conflict.errors?.[0]?.extensions.code).toBe("CONFLICT");
    const foreign = await api.graphql(
      other.tokens.read,
      `query ($a: ID!, $b: ID!) { compareRuns(runId: $a, baseRunId: $b) { rows { figure } } }`,
      { a: toGlobalId("TestRun", running.id), b: toGlobalId("TestRun", running.id) },
    );
    expect(foreign.errors?.[0]?.extensions.code).toBe("NOT_FOUND");
  });
});
