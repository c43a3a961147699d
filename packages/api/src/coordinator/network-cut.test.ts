import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "./platform.test-helpers.js";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.test-helpers.js";

/**
 * A link between an agent and the agent port that goes down while the test runs. The heartbeat
 * timeout stays production's 5 s; the partition tolerance is 14 s here (30 s in production) so that
 * the second test, a cut longer than it, stays short.
 */
const PARTITION_TOLERANCE_MS = 14_000;

let platform: TestPlatform;
let proxy: TcpProxy;

beforeAll(async () => {
  platform = await startTestPlatform({ partitionToleranceMs: PARTITION_TOLERANCE_MS });
  proxy = await startTcpProxy(platform.server.url);
});

afterAll(async () => {
  await proxy?.close();
  await platform?.close();
});

async function counter(runId: number, metric: string): Promise<number> {
  const { rows } = await platform.pool.query(
    `select coalesce(sum(p.counter_sum), 0)::float8 as total
       from metric_points p join metric_series s on s.id = p.series_id where s.run_id = $1 and s.metric = $2`,
    [runId, metric],
  );
  return rows[0].total;
}

async function instance(runId: number) {
  const { rows } = await platform.pool.query(
    `select state, detail->'probe' as probe, (extract(epoch from now() - last_heartbeat_at) * 1000)::float8 as silent_ms
       from run_instances where run_id = $1`,
    [runId],
  );
  return rows[0] as { state: string; probe: { state: string } | null; silent_ms: number };
}

describe("the network between an agent and the API cut", () => {
  it("for 10 s: the run waits for the agent, which buffers and resends; nothing counted twice or lost", async () => {
    const started = Date.now();
    const script = `
import http from "k6/http";
import { sleep } from "k6";
export const options = { scenarios: { main: { executor: "per-vu-iterations", vus: 2, iterations: 70, maxDuration: "60s" } } };
export default async function () { await http.get(__ENV.TARGET + "/cut"); await sleep(0.2); }
`;
    const before = platform.target.hits.length;
    const run = await platform.launch(script, 1, proxy.url);
    await platform.waitForStatus(run.runId, "RUNNING");
    await sleep(2500);
    proxy.cut();
    await sleep(10_000);
    // Silent for longer than the heartbeat timeout: the provider said the agent's process still
    // runs, so the run waits for it rather than declaring it dead.
    const during = await instance(run.runId);
    expect(during.silent_ms).toBeGreaterThan(5000);
    expect(during.probe?.state).toBe("running");
    expect(during.state).toBe("RUNNING");
    proxy.restore();

    const end = await platform.waitForEnd(run.runId, 60_000);
    expect(end, await platform.agentLogs(run.runId)).toMatchObject({ status: "FINISHED", reason: null });
    // Exact: 2 VUs x 70 iterations, each request stored once, the target's count and the store's equal.
    const hits = platform.target.hits.slice(before).filter((h) => h.path === "/cut").length;
    expect(hits).toBe(140);
    expect(await counter(run.runId, "iterations")).toBe(140);
    expect(await counter(run.runId, "http_reqs")).toBe(hits);
    const { rows } = await platform.pool.query(
      `select count(*)::int as batches, max(seq)::int as last from metric_batches where run_id = $1`,
      [run.runId],
    );
    expect(rows[0].batches).toBe(rows[0].last);
    // The agent really held its batches back and sent them again after the cut.
    const logs = await platform.agentLogs(run.runId);
    expect(logs).toMatch(/sending metric batch seq \d+ failed, keeping it and retrying/);
    expect(logs).toMatch(/metric stream recovered/);
    expect(proxy.resets).toBeGreaterThan(0);
    console.info(
      `network cut 10 s: the run took ${Date.now() - started} ms; ${proxy.resets} connections reset`,
    );
  }, 90_000);

  it("for longer than the partition tolerance: ABORTED_BY_SYSTEM naming the agent and why, then released", async () => {
    const script = `
import http from "k6/http";
import { sleep } from "k6";
export const options = { scenarios: { main: { executor: "constant-vus", vus: 1, duration: "60s" } } };
export default async function () { await http.get(__ENV.TARGET + "/long-cut"); await sleep(0.2); }
`;
    const run = await platform.launch(script, 1, proxy.url);
    await platform.waitForStatus(run.runId, "RUNNING");
    await sleep(2500);
    proxy.cut();
    const cutAt = Date.now();
    try {
      const end = await platform.waitForEnd(run.runId, 45_000);
      expect(end.status).toBe("ABORTED_BY_SYSTEM");
      expect(end.reason).toMatch(
        /^lost instance \d+ \(local\): no heartbeat for 1\d\.\d s \(its instance still runs, but it was cut off from the API longer than the 14\.0 s tolerated\)$/,
      );
      // Up to the tolerance after its last heartbeat, which was up to 1 s before the cut.
      expect(Date.now() - cutAt).toBeGreaterThan(PARTITION_TOLERANCE_MS - 1000);
      expect((await instance(run.runId)).state).toBe("RELEASED");
      expect(
        await platform.provider.status(
          (await platform.pool.query("select provider_ref from run_instances where run_id = $1", [run.runId]))
            .rows[0].provider_ref,
        ),
      ).toEqual({
        state: "unknown",
      });
    } finally {
      proxy.restore();
    }
  }, 60_000);
});
