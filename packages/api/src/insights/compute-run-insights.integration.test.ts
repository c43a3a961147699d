import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestDatabase } from "../db/test-database.test-helpers.js";
import { toGlobalId } from "../graphql/global-id.js";
import { latencies, seededRandom } from "../metrics/batches.test-helpers.js";
import { createMetricsDatabase, createRun } from "../metrics/runs.test-helpers.js";
import { computeRunInsights } from "./compute-run-insights.js";
import { ingestRun, type RunSecond } from "./insight-traffic.test-helpers.js";
import { queryRunInsights } from "./query-run-insights.js";

let db: TestDatabase;
const START = Math.floor(Date.now() / 1000) * 1000 - 120_000;
/** The instance of the last run {@link run} created. */
let lastInstance = 0;

beforeAll(async () => {
  db = await createMetricsDatabase("extension");
});
afterAll(() => db?.drop());

/**
 * A run of `seconds` seconds at 10 VUs and 20 iterations (and requests to `/api`) a second, each
 * second shaped by `shape`; its status is set to `status` afterwards.
 */
async function run(
  seconds: number,
  shape: (i: number, random: () => number) => Partial<Omit<RunSecond, "seq" | "end">>,
  status = "FINISHED",
): Promise<number> {
  const { runId, instanceIds } = await createRun(db.pool, 1);
  lastInstance = instanceIds[0] as number;
  const random = seededRandom(runId);
  await ingestRun(db.pool, { runId, instanceId: instanceIds[0] as number }, START, seconds, (i) => ({
    vus: 10,
    iterations: 20,
    requests: [{ name: "/api", latencies: latencies(random, 20, 20) }],
    agent: { cpu: 30, memory: 200e6, memoryLimit: 2e9 },
    ...shape(i, random),
  }));
  await setStatus(runId, status);
  return runId;
}

const setStatus = (runId: number, status: string) =>
  db.pool.query("update test_runs set status = $2 where id = $1", [runId, status]);

const setOptions = (runId: number, options: unknown) =>
  db.pool.query(
    "update script_versions set options = $2 where id = (select script_version_id from test_runs where id = $1)",
    [runId, JSON.stringify(options)],
  );

const storedRows = async (runId: number) =>
  (
    await db.pool.query<{ key: string; id: string; xmin: string }>(
      "select key, id::text, xmin::text from insight_results where run_id = $1 order by key",
      [runId],
    )
  ).rows;

/** 30% of the requests fail with 503 from the first second on. */
const failingFromTheStart = (_i: number, random: () => number) => ({
  requests: [
    { name: "/api", latencies: latencies(random, 14, 20) },
    { name: "/api", status: "503", latencies: latencies(random, 6, 5) },
  ],
});

describe("computeRunInsights", () => {
  it("finds what the run shows, stores it, and reads it back most severe first", async () => {
    const runId = await run(30, failingFromTheStart);
    const round = await computeRunInsights(db.pool, runId, "final");
    expect(round.saved).toBe(true);
    expect(round.warnings).toEqual([]);
    expect(round.insights.map((i) => i.id)).toEqual(["http_load_high_http_failure_rate"]);
    const [insight] = round.insights;
    expect(insight).toMatchObject({ severity: "critical", metric: "http_req_failed", filter: {} });
    expect(insight?.values?.failureRate).toBeCloseTo(0.3, 2);
    expect(insight?.from).toBe(START);
    expect(await queryRunInsights(db.pool, runId)).toEqual(round.insights);
  });

  it("is idempotent: a second round on the same data rewrites nothing", async () => {
    const runId = await run(30, failingFromTheStart);
    await computeRunInsights(db.pool, runId, "final");
    const before = await storedRows(runId);
    const again = await computeRunInsights(db.pool, runId, "final");
    expect(again.insights).toEqual(await queryRunInsights(db.pool, runId));
    expect(await storedRows(runId)).toEqual(before);
  });

  it("finds nothing on a quiet run, and removes what an earlier round stored that no longer holds", async () => {
    const runId = await run(30, () => ({}));
    await db.pool.query(
      "insert into insight_results (run_id, key, severity, title, detail) values ($1, 'http_load_error_burst', 'warning', 'old', '{}')",
      [runId],
    );
    const round = await computeRunInsights(db.pool, runId, "final");
    expect(round).toEqual({ insights: [], saved: true, warnings: [] });
    expect(await queryRunInsights(db.pool, runId)).toEqual([]);
  });

  it("runs live rounds while the run goes on, leaving alone what only a final round finds", async () => {
    const runId = await run(
      30,
      (i, random) => ({
        // A burst of 503s on /cart from second 12 to 16, on top of quiet /api traffic.
        requests: [
          { name: "/api", latencies: latencies(random, 20, 20) },
          { name: "/cart", method: "POST", latencies: latencies(random, i >= 12 && i < 17 ? 2 : 10, 30) },
          ...(i >= 12 && i < 17
            ? [{ name: "/cart", method: "POST", status: "503", latencies: [5, 5, 5, 5, 5, 5, 5, 5] }]
            : []),
        ],
      }),
      "RUNNING",
    );
    await db.pool.query(
      "insert into insight_results (run_id, key, severity, title, detail) values ($1, 'http_load_throughput_limit', 'warning', 'from a final round', '{\"explanation\": \"x\"}')",
      [runId],
    );
    const live = await computeRunInsights(db.pool, runId, "live");
    expect(live.saved).toBe(true);
    const burst = live.insights.find((i) => i.id === "http_load_error_burst");
    expect(burst).toMatchObject({ metric: "http_req_failed", filter: { name: "/cart", method: "POST" } });
    expect(burst?.explanation).toContain("status 503");
    expect(burst?.from).toBe(START + 12_000);
    expect(burst?.to).toBe(START + 17_000);
    const stored = (await queryRunInsights(db.pool, runId)).map((i) => i.id);
    expect(stored).toContain("http_load_error_burst");
    expect(stored).toContain("http_load_throughput_limit");
    // Once the run has ended, a late live round must not overwrite the final one.
    await setStatus(runId, "FINISHED");
    const before = await storedRows(runId);
    expect(await computeRunInsights(db.pool, runId, "live")).toEqual({
      insights: [],
      saved: false,
      warnings: [],
    });
    expect(await storedRows(runId)).toEqual(before);
    const final = await computeRunInsights(db.pool, runId, "final");
    expect((await queryRunInsights(db.pool, runId)).map((i) => i.id)).toEqual(
      final.insights.map((i) => i.id),
    );
    expect(final.insights.map((i) => i.id)).not.toContain("http_load_throughput_limit");
  });

  it("follows the script's options.cloud.insights and reports names it does not know", async () => {
    const runId = await run(30, failingFromTheStart);
    await setOptions(runId, {
      cloud: { insights: { disabled: ["http_load_high_http_failure_rate", "web_vitals_lcp"] } },
    });
    const round = await computeRunInsights(db.pool, runId, "final");
    expect(round.insights).toEqual([]);
    expect(round.warnings).toEqual([
      "options.cloud.insights names insights Barrage does not have, ignored: web_vitals_lcp",
    ]);
    await setOptions(runId, { ext: { loadimpact: { insights: { enabledSets: ["best_practice"] } } } });
    expect((await computeRunInsights(db.pool, runId, "final")).insights).toEqual([]);
    await setOptions(runId, { cloud: { insights: { disabled: "http_load_high_http_failure_rate" } } });
    const malformed = await computeRunInsights(db.pool, runId, "final");
    expect(malformed.insights.map((i) => i.id)).toEqual(["http_load_high_http_failure_rate"]);
    expect(malformed.warnings).toEqual([
      "options.cloud.insights.disabled must be an array of strings, got string; every insight runs",
    ]);
  });

  it("compares a final round with the load test's baseline run", async () => {
    const base = await run(30, () => ({}));
    const { rows } = await db.pool.query<{ id: string }>(
      `insert into test_runs (organization_id, project_id, load_test_id, script_version_id, status)
       select organization_id, project_id, load_test_id, script_version_id, 'RUNNING' from test_runs where id = $1
       returning id`,
      [base],
    );
    const runId = Number(rows[0]?.id);
    const { rows: instances } = await db.pool.query<{ id: string }>(
      `insert into run_instances (run_id, load_zone_id, segment, sequence)
       select $1, (select id from load_zones where name = 'local'), '0:1', '0,1' returning id`,
      [runId],
    );
    const random = seededRandom(99);
    await ingestRun(db.pool, { runId, instanceId: Number(instances[0]?.id) }, START, 30, () => ({
      vus: 10,
      iterations: 20,
      requests: [{ name: "/api", latencies: latencies(random, 20, 30) }],
    }));
    await setStatus(runId, "FINISHED");
    expect((await computeRunInsights(db.pool, runId, "final")).insights).toEqual([]);
    await db.pool.query(
      "insert into baselines (load_test_id, run_id) select load_test_id, id from test_runs where id = $1",
      [base],
    );
    const [regression] = (await computeRunInsights(db.pool, runId, "final")).insights;
    expect(regression).toMatchObject({ id: "http_load_latency_regression", severity: "critical" });
    expect(regression?.values?.baselineRunId).toBe(toGlobalId("TestRun", base));
    // The baseline itself is never compared with itself.
    expect((await computeRunInsights(db.pool, base, "final")).insights).toEqual([]);
  });

  it("tells when a load generator ran out of CPU (its own or the machine's) or memory", async () => {
    const runId = await run(30, (i) => ({
      agent: {
        cpu: 40,
        hostCpu: i >= 5 && i < 17 ? 97 : 40,
        memory: i >= 10 && i < 22 ? 1.9e9 : 200e6,
        memoryLimit: 2e9,
      },
    }));
    const { insights } = await computeRunInsights(db.pool, runId, "final");
    expect(insights.map((i) => i.id)).toEqual([
      "health_high_loadgen_cpu_usage",
      "health_high_loadgen_mem_usage",
    ]);
    expect(insights[0]).toMatchObject({
      metric: "barrage_agent_cpu",
      filter: { instance_id: String(lastInstance), load_zone: "local" },
      from: START + 5000,
      to: START + 17_000,
    });
    expect(insights[1]?.values?.peakPercent).toBe(95);
  });

  it("answers NOT_FOUND for a run that does not exist", async () => {
    await expect(computeRunInsights(db.pool, 987_654, "final")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
