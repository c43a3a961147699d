import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../db/database.js";
import { transitionRun } from "../runs/status.js";
import { startTestPlatform, type TestPlatform } from "./platform.test-helpers.js";

/** Three VUs (at least one per agent) hitting the target for 30 s, far longer than any test here waits. */
function longScript(options = "") {
  return `
import http from "k6/http";
import { sleep } from "k6";
export const options = { scenarios: { main: { executor: "constant-vus", vus: 3, duration: "30s" } }, ${options} };
export async function setup() { await http.get(__ENV.TARGET + "/setup"); return {}; }
export default async function () { await http.get(__ENV.TARGET + "/hit"); await sleep(0.05); }
export async function teardown() { await http.get(__ENV.TARGET + "/teardown"); }
`;
}

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform();
});

afterAll(() => platform.close());

async function instances(runId: number) {
  const { rows } = await platform.pool.query(
    `select id, state, provider_ref, (detail->'ended'->>'exitCode')::int as exit_code
       from run_instances where run_id = $1 order by id`,
    [runId],
  );
  return rows as { id: string; state: string; provider_ref: string; exit_code: number | null }[];
}

function teardowns(since: number): number {
  return platform.target.hits.slice(since).filter((h) => h.path === "/teardown").length;
}

describe("a distributed run ends early", () => {
  it("when a threshold with abortOnFail fails on the aggregate: every agent stops, teardown() runs once", async () => {
    // Each of the two agents sends 10 requests, within "count<15" on its own; together they cross it.
    const script = `
import http from "k6/http";
import { sleep } from "k6";
export const options = {
  scenarios: {
    burst: { executor: "per-vu-iterations", vus: 2, iterations: 10, exec: "burst" },
    idle: { executor: "constant-vus", vus: 2, duration: "30s", exec: "idle" },
  },
  thresholds: { http_reqs: [{ threshold: "count<15", abortOnFail: true }] },
};
export async function burst() { await http.get(__ENV.TARGET + "/hit"); }
export async function idle() { await sleep(0.2); }
export async function teardown() { await http.get(__ENV.TARGET + "/teardown"); }
`;
    const before = platform.target.hits.length;
    const run = await platform.launch(script, 2);
    const end = await platform.waitForEnd(run.runId);
    expect(end).toMatchObject({
      status: "ABORTED_BY_THRESHOLD",
      reason:
        "thresholds on metrics 'http_reqs' were crossed; at least one has abortOnFail enabled, stopping test prematurely",
      result: "FAILED",
    });
    // Stopped at the first evaluations, not after the 30 s of the scenario.
    expect((end.endedAt?.getTime() ?? 0) - (end.startedAt?.getTime() ?? 0)).toBeLessThan(20_000);
    expect(teardowns(before)).toBe(1);
    const after = await instances(run.runId);
    expect(after.map((i) => [i.state, i.exit_code])).toEqual([
      ["RELEASED", 103],
      ["RELEASED", 103],
    ]);
    const { rows } = await platform.pool.query(`select ok, value from threshold_results where run_id = $1`, [
      run.runId,
    ]);
    expect(rows).toEqual([{ ok: false, value: 20 }]);
  }, 60_000);

  it("when an agent dies: ABORTED_BY_SYSTEM naming it within seconds, the others stopped and released", async () => {
    const before = platform.target.hits.length;
    const run = await platform.launch(longScript(), 3);
    await platform.waitForStatus(run.runId, "RUNNING");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const [first, victim] = await instances(run.runId);
    const pid = platform.provider.pid(victim?.provider_ref ?? "") as number;
    process.kill(pid, "SIGKILL");
    const killedAt = Date.now();

    const end = await platform.waitForEnd(run.runId);
    expect(end.status).toBe("ABORTED_BY_SYSTEM");
    expect(end.reason).toMatch(
      new RegExp(
        `^lost instance ${victim?.id} \\(local\\): no heartbeat for \\d+\\.\\d s, and local reports its instance exited \\(signal SIGKILL\\)$`,
      ),
    );
    const { rows } = await platform.pool.query(
      `select end_decided_at, teardown_instance_id from run_coordination where run_id = $1`,
      [run.runId],
    );
    // Declared dead after 5 s of silence (counted from its last heartbeat, up to 1 s before the
    // kill) and the provider's word that its process exited, and the run over (survivors stopped,
    // teardown, release) soon after.
    const decidedAfter = rows[0].end_decided_at.getTime() - killedAt;
    expect(decidedAfter).toBeGreaterThanOrEqual(3900);
    expect(decidedAfter).toBeLessThan(6500);
    expect((end.endedAt?.getTime() ?? 0) - killedAt).toBeLessThan(9000);
    const after = await instances(run.runId);
    expect(after.map((i) => i.state)).toEqual(["RELEASED", "RELEASED", "RELEASED"]);
    for (const i of after)
      expect(await platform.provider.status(i.provider_ref)).toEqual({ state: "unknown" });
    // The survivors ended their test because the coordinator stopped it (k6: stopped, 103).
    expect(after.filter((i) => i.id !== victim?.id).map((i) => i.exit_code)).toEqual([103, 103]);
    expect(after[1]?.exit_code).toBeNull();
    // teardown() still cleans up, on a survivor.
    expect(teardowns(before)).toBe(1);
    expect(rows[0].teardown_instance_id).toBe(first?.id);
  }, 60_000);

  it("when a user stops it: the status stays ABORTED_BY_USER and the agents are stopped and released", async () => {
    const run = await platform.launch(longScript(), 1);
    await platform.waitForStatus(run.runId, "RUNNING");
    await transitionRun(createDb(platform.pool), run.runId, "ABORTED_BY_USER", "stopped from the web app");
    const end = await platform.waitForEnd(run.runId, 20_000);
    expect(end).toMatchObject({ status: "ABORTED_BY_USER", reason: "stopped from the web app" });
    expect(await instances(run.runId)).toEqual([
      expect.objectContaining({ state: "RELEASED", exit_code: 103 }),
    ]);
  }, 60_000);

  it("when setup() throws: ABORTED_BY_SCRIPT_ERROR with its error, and the test never starts", async () => {
    const before = platform.target.hits.length;
    const script = longScript().replace(
      "return {}; }",
      `throw new Error("the login service refused the test account"); }`,
    );
    const run = await platform.launch(script, 2);
    const end = await platform.waitForEnd(run.runId);
    expect(end.status).toBe("ABORTED_BY_SCRIPT_ERROR");
    expect(end.reason).toMatch(
      /^setup\(\) failed on instance \d+: .*the login service refused the test account/,
    );
    expect(end.result).toBeNull();
    expect(platform.target.hits.slice(before).map((h) => h.path)).toEqual(["/setup"]);
    const { rows } = await platform.pool.query(
      `select status from run_events where run_id = $1 order by id`,
      [run.runId],
    );
    expect(rows.map((r) => r.status)).not.toContain("RUNNING");
    expect((await instances(run.runId)).map((i) => i.state)).toEqual(["RELEASED", "RELEASED"]);
  }, 60_000);
});
