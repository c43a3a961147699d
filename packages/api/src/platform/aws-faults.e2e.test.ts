import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTerminal } from "../runs/status.js";
import { ASHBURN, type AwsE2e, DUBLIN, startAwsE2e } from "./aws-e2e.test-helpers.js";
import { createCloudRun, eventually, waitForRunEnd } from "./platform-e2e.test-helpers.js";

let aws: AwsE2e;

beforeAll(async () => {
  aws = await startAwsE2e("aws-faults", 20000);
}, 60_000);

afterAll(() => aws?.close());

async function waitForStatus(runId: number, status: string): Promise<void> {
  await eventually(
    `run ${runId} to be ${status}`,
    async () => {
      const { rows } = await aws.database.pool.query(
        "select status, status_reason from test_runs where id = $1",
        [runId],
      );
      if (rows[0]?.status === status) return true;
      if (isTerminal(rows[0]?.status))
        throw new Error(
          `run ${runId} ended ${rows[0].status} (${rows[0].status_reason}) before it was ${status}`,
        );
      return undefined;
    },
    45_000,
    aws.context,
  );
}

/** Stored metric batches and points per instance of a run. */
async function storedPerInstance(
  runId: number,
): Promise<Map<number, { batches: number; points: number; maxSeq: number }>> {
  const { rows } = await aws.database.pool.query(
    `select b.instance_id, count(*)::int as batches, max(b.seq)::int as max_seq,
            (select count(*)::int from metric_points p where p.run_id = b.run_id and p.instance_id = b.instance_id) as points
       from metric_batches b where b.run_id = $1 group by b.run_id, b.instance_id`,
    [runId],
  );
  return new Map(
    rows.map((r) => [Number(r.instance_id), { batches: r.batches, points: r.points, maxSeq: r.max_seq }]),
  );
}

async function storedCounter(runId: number, metric: string): Promise<number> {
  const { rows } = await aws.database.pool.query(
    `select coalesce(sum(p.counter_sum), 0)::float8 as total
       from metric_points p join metric_series s on s.id = p.series_id where s.run_id = $1 and s.metric = $2`,
    [runId, metric],
  );
  return rows[0].total;
}

describe("faults on the aws provider (EC2 emulator, real agents)", () => {
  it('goes on without an agent whose machine died when options.cloud.agentLoss is "continue": FINISHED, degraded, nothing stored lost', async () => {
    const script = `
import http from "k6/http";
import { sleep } from "k6";
export const options = {
  scenarios: { main: { executor: "constant-vus", vus: 4, duration: "10s" } },
  cloud: {
    agentLoss: "continue",
    distribution: { us: { loadZone: "${ASHBURN}", percent: 50 }, eu: { loadZone: "${DUBLIN}", percent: 50 } },
  },
};
export default async function () { await http.get(__ENV.TARGET + "/hit"); await sleep(0.1); }
export async function teardown() { await http.get(__ENV.TARGET + "/teardown"); }
`;
    const before = aws.target.hits.length;
    const run = await createCloudRun(aws.client, script, { TARGET: aws.target.url });
    await waitForStatus(run.runId, "RUNNING");
    // RUNNING comes with the start command; the test starts 1.5 s later: let it deliver a few periods.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const victim = aws.instancesOf(run.runId).find((i) => i.region === "eu-west-1");
    const { rows: ids } = await aws.database.pool.query(
      `select i.id, z.name from run_instances i join load_zones z on z.id = i.load_zone_id where i.run_id = $1 order by i.id`,
      [run.runId],
    );
    const dublinId = Number(ids.find((r) => r.name === DUBLIN)?.id);
    // The machine dies: its agent and everything else on it, with no goodbye.
    process.kill(-(victim?.pid as number), "SIGKILL");
    const killedAt = Date.now();
    // What reached the platform before the death (a request in flight lands within moments).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const deliveredBeforeLoss = (await storedPerInstance(run.runId)).get(dublinId);
    expect(deliveredBeforeLoss?.batches).toBeGreaterThan(0);

    const degradedAt = await eventually(
      "the run to be marked degraded",
      async () => {
        const { testRun } = await aws.client.request<{ testRun: { degraded: boolean; status: string } }>(
          "query ($id: ID!) { testRun(id: $id) { degraded status } }",
          { id: run.id },
        );
        return testRun.degraded ? { at: Date.now(), status: testRun.status } : undefined;
      },
      15_000,
      aws.context,
    );
    // Seen within 5 s of silence (its last heartbeat was up to 1 s before the kill), and the run goes on.
    expect(degradedAt.at - killedAt).toBeLessThan(6500);
    expect(degradedAt.status).toBe("RUNNING");

    const end = await waitForRunEnd(aws.database.pool, run.runId, 45_000, aws.context);
    expect(end.status).toBe("FINISHED");
    expect(end.reason).toMatch(
      new RegExp(
        `^degraded: finished without instance ${dublinId} \\(${DUBLIN}\\), lost during the test .*\\(instance ${dublinId} \\(${DUBLIN}\\): no heartbeat for \\d+\\.\\d s, and aws reports its instance exited\\)$`,
      ),
    );
    const { testRun } = await aws.client.request<{
      testRun: {
        degraded: boolean;
        events: { status: string; reason: string | null; detail: unknown }[];
        zones: { zone: string; requests: number }[];
      };
    }>(
      "query ($id: ID!) { testRun(id: $id) { degraded events { status reason detail } zones { zone requests } } }",
      {
        id: run.id,
      },
    );
    expect(testRun.degraded).toBe(true);
    expect(testRun.events.at(-1)).toEqual({
      status: "FINISHED",
      reason: end.reason,
      detail: { degraded: true, lostInstances: [dublinId], teardown: "finished" },
    });
    // Nothing that arrived was lost: the dead agent's batches are all still there, and its
    // requests still count in its zone; the survivor streamed every seq and ended cleanly.
    const stored = await storedPerInstance(run.runId);
    expect(stored.get(dublinId)).toEqual(deliveredBeforeLoss);
    const dublin = testRun.zones.find((z) => z.zone === DUBLIN);
    expect(dublin?.requests).toBeGreaterThan(0);
    const survivorId = Number(ids.find((r) => r.name === ASHBURN)?.id);
    const survivor = stored.get(survivorId);
    expect(survivor?.batches).toBe(survivor?.maxSeq);
    const { rows: instances } = await aws.database.pool.query(
      `select id, state, detail->'ended'->>'exitCode' as exit_code, detail ? 'lost' as lost from run_instances where run_id = $1 order by id`,
      [run.runId],
    );
    expect(instances.map((i) => [Number(i.id), i.state, i.exit_code, i.lost])).toEqual(
      ids.map((r) =>
        Number(r.id) === dublinId ? [dublinId, "RELEASED", null, true] : [survivorId, "RELEASED", "0", false],
      ),
    );
    // Every request the survivor made is stored; the dead one's last unsent period is all that is missing.
    const hits = aws.target.hits.slice(before).filter((h) => h.path === "/hit").length;
    const storedRequests = await storedCounter(run.runId, "http_reqs");
    expect(storedRequests).toBeLessThanOrEqual(hits);
    expect(aws.target.hits.slice(before).filter((h) => h.path === "/teardown")).toHaveLength(1);
    await aws.expectAllTerminated(run.runId);
    console.info(
      `e2e agent loss: degraded ${degradedAt.at - killedAt} ms after the kill; ${hits - storedRequests} of ${hits} requests never left the dead machine`,
    );
  }, 90_000);

  it("carries a run on when the API and worker process restarts mid-run: agents reconnect, totals exact", async () => {
    const script = `
import http from "k6/http";
import { sleep } from "k6";
export const options = {
  scenarios: { main: { executor: "per-vu-iterations", vus: 2, iterations: 30, maxDuration: "60s" } },
  cloud: { distribution: { us: { loadZone: "${ASHBURN}", percent: 100 } } },
};
export default async function () { await http.get(__ENV.TARGET + "/restart"); await sleep(0.2); }
`;
    const before = aws.target.hits.length;
    const run = await createCloudRun(aws.client, script, { TARGET: aws.target.url });
    await waitForStatus(run.runId, "RUNNING");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const restartedAt = Date.now();
    // Down longer than the heartbeat timeout: heartbeats, metrics and polls fail meanwhile, and the
    // agents are silent for longer than 5 s when the new process first looks at them.
    await aws.restart(6000);
    const downMs = Date.now() - restartedAt;

    const end = await waitForRunEnd(aws.database.pool, run.runId, 60_000, aws.context);
    expect(end, await aws.context()).toEqual({ status: "FINISHED", reason: null });
    // The same instance throughout: nothing was launched again.
    expect(aws.instancesOf(run.runId)).toHaveLength(1);
    // Exact: 2 VUs x 30 iterations, each seq once.
    expect(aws.target.hits.slice(before).filter((h) => h.path === "/restart")).toHaveLength(60);
    expect(await storedCounter(run.runId, "iterations")).toBe(60);
    expect(await storedCounter(run.runId, "http_reqs")).toBe(60);
    for (const stored of (await storedPerInstance(run.runId)).values())
      expect(stored.batches).toBe(stored.maxSeq);
    await aws.expectAllTerminated(run.runId);
    console.info(`e2e restart: the platform was down ${downMs} ms`);
  }, 90_000);
});
