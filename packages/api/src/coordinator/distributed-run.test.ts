import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { prepareTest, TestRun } from "@barrage/runner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordingLogger } from "../agents/agent-port.test-helpers.js";
import { startTarget, startTestPlatform, type TestPlatform } from "./platform.test-helpers.js";

/**
 * 20 shared iterations and 2 s of 10 arrivals per second, with setup() and teardown() that the
 * target counts, and setup data every iteration must carry.
 */
const SCRIPT = `
import http from "k6/http";
export const options = {
  scenarios: {
    shared: { executor: "shared-iterations", vus: 4, iterations: 20, exec: "shared" },
    arrivals: { executor: "constant-arrival-rate", rate: 10, timeUnit: "1s", duration: "2s", preAllocatedVUs: 4, exec: "arrival" },
  },
  thresholds: { http_req_failed: ["rate<0.01"], "http_reqs{scenario:shared}": ["count==20"] },
};
export async function setup() {
  await http.get(__ENV.TARGET + "/setup");
  return { token: "s3cret" };
}
export async function shared(data) {
  await http.get(__ENV.TARGET + "/shared?token=" + data.token);
}
export async function arrival(data) {
  await http.get(__ENV.TARGET + "/arrival?token=" + data.token);
}
export async function teardown(data) {
  await http.get(__ENV.TARGET + "/teardown?token=" + data.token);
}
`;

let platform: TestPlatform;
/** What one runner, alone and undivided, does with the script: the reference the distributed runs must equal. */
let single: { iterations: number; shared: number; arrivals: number };

beforeAll(async () => {
  platform = await startTestPlatform();
  const target = await startTarget();
  const directory = await mkdtemp(join(platform.directory, "single-"));
  try {
    await writeFile(join(directory, "test.js"), SCRIPT);
    const logger = recordingLogger();
    const prepared = await prepareTest({
      scriptPath: join(directory, "test.js"),
      env: { TARGET: target.url },
      logger,
    });
    const result = await new TestRun(prepared, { logger }).run();
    single = {
      iterations: result.stats.iterationsCompleted,
      shared: target.count("/shared"),
      arrivals: target.count("/arrival"),
    };
  } finally {
    await target.close();
    await rm(directory, { recursive: true, force: true });
  }
}, 60_000);

afterAll(() => platform.close());

/** The iterations the metric store holds for a run, per instance. */
async function storedIterations(runId: number): Promise<Map<number, number>> {
  const { rows } = await platform.pool.query<{ instance_id: string; total: number }>(
    `select p.instance_id, sum(p.counter_sum)::float8 as total
       from metric_points p join metric_series s on s.id = p.series_id
      where s.run_id = $1 and s.metric = 'iterations'
      group by p.instance_id`,
    [runId],
  );
  return new Map(rows.map((r) => [Number(r.instance_id), r.total]));
}

/**
 * The run finished and passed on the aggregate, every agent ended 0 (agents leave thresholds to the
 * platform, which judges the aggregate), everything released.
 */
async function expectCleanEnd(runId: number, instanceIds: number[]): Promise<void> {
  const end = await platform.waitForEnd(runId);
  expect(end, await platform.agentLogs(runId)).toMatchObject({
    status: "FINISHED",
    reason: null,
    result: "PASSED",
  });
  const { rows: events } = await platform.pool.query(
    `select status from run_events where run_id = $1 order by id`,
    [runId],
  );
  expect(events.map((e) => e.status)).toEqual([
    "CREATED",
    "VALIDATED",
    "QUEUED",
    "INITIALIZING",
    "RUNNING",
    "FINISHED",
  ]);
  const { rows: instances } = await platform.pool.query(
    `select id, state, provider_ref, detail->'ended'->>'exitCode' as exit_code from run_instances where run_id = $1 order by id`,
    [runId],
  );
  expect(instances.map((i) => [Number(i.id), i.state, i.exit_code])).toEqual(
    instanceIds.map((id) => [id, "RELEASED", "0"]),
  );
  for (const { provider_ref } of instances)
    expect(await platform.provider.status(provider_ref)).toEqual({ state: "unknown" });
  // Thresholds were evaluated on the aggregate of all agents.
  const { rows: thresholds } = await platform.pool.query(
    `select name, source, ok, value from threshold_results where run_id = $1 order by name`,
    [runId],
  );
  expect(thresholds).toEqual([
    { name: "http_req_failed", source: "rate<0.01", ok: true, value: 0 },
    { name: "http_reqs{scenario:shared}", source: "count==20", ok: true, value: 20 },
  ]);
  // Every agent streamed consecutive seqs: nothing lost.
  const { rows: gaps } = await platform.pool.query(
    `select instance_id from metric_batches where run_id = $1 group by instance_id having max(seq) <> count(*)`,
    [runId],
  );
  expect(gaps).toEqual([]);
}

/** The target's requests since `before`, checked to be one runner's iterations with one setup() and one teardown(). */
function expectOneRunnersWork(before: number) {
  const hits = platform.target.hits.slice(before);
  const count = (path: string) => hits.filter((h) => h.path === path).length;
  expect({
    shared: count("/shared"),
    arrivals: count("/arrival"),
    setup: count("/setup"),
    teardown: count("/teardown"),
  }).toEqual({ shared: single.shared, arrivals: single.arrivals, setup: 1, teardown: 1 });
  return hits;
}

describe("a distributed run", () => {
  it("on one agent does what one runner does, and carries on when the coordinator restarts", async () => {
    const before = platform.target.hits.length;
    const run = await platform.launch(SCRIPT, 1);
    await platform.waitForStatus(run.runId, "RUNNING");
    // A restarted API or worker picks the run up from the database.
    await platform.restartCoordinator();
    await expectCleanEnd(run.runId, run.instanceIds);

    expectOneRunnersWork(before);
    expect(single).toEqual({ iterations: 40, shared: 20, arrivals: 20 });
    expect([...(await storedIterations(run.runId)).values()]).toEqual([single.iterations]);
  }, 60_000);

  it("on four agents splits the test by segments and runs setup() and teardown() once", async () => {
    const before = platform.target.hits.length;
    const run = await platform.launch(SCRIPT, 4);
    // Each agent's share has 5 shared requests: "count==20" would fail on any one share, but only
    // the aggregate is judged, and it passes.
    await expectCleanEnd(run.runId, run.instanceIds);

    const hits = expectOneRunnersWork(before);
    const stored = await storedIterations(run.runId);
    expect([...stored.values()].reduce((a, b) => a + b, 0)).toBe(single.iterations);
    // Every agent did its share: 5 of the 20 shared iterations and 5 of the 20 arrivals.
    expect([...stored.keys()].sort((a, b) => a - b)).toEqual(run.instanceIds);
    expect([...stored.values()]).toEqual([10, 10, 10, 10]);
    // setup()'s data, from one agent, reached every VU of every agent, and teardown().
    expect(hits.filter((h) => h.path !== "/setup").every((h) => h.query.get("token") === "s3cret")).toBe(
      true,
    );
    // One start instant for all: the scenarios began together.
    const { rows } = await platform.pool.query(
      `select count(distinct body->>'atEpochMs')::int as instants, count(*)::int as starts
         from run_commands where run_id = $1 and type = 'start'`,
      [run.runId],
    );
    expect(rows[0]).toEqual({ instants: 1, starts: 4 });
  }, 90_000);
});
