import { Logger, runOnce } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  allocateRun,
  createPlannedRun,
  RecordingProvider,
  recordingLogger,
  startTestAgentPort,
  type TestAgentPort,
} from "../agents/agent-port.test-helpers.js";
import { createDb } from "../db/database.js";
import { queuedJobs } from "../db/worker-jobs.test-helpers.js";
import { transitionRun } from "../runs/status.js";
import { coordinateRun } from "./coordinate-run.js";
import { coordinateTask } from "./coordinate-task.js";

const SCRIPT = `export const options = { vus: 2, iterations: 2 };
export default async function () {}`;

let port: TestAgentPort;

beforeAll(async () => {
  port = await startTestAgentPort();
});

afterAll(() => port.close());

async function runRow(runId: number) {
  const { rows } = await port.pool.query(`select status, status_reason from test_runs where id = $1`, [
    runId,
  ]);
  return rows[0];
}

async function instanceStates(runId: number): Promise<string[]> {
  const { rows } = await port.pool.query(`select state from run_instances where run_id = $1 order by id`, [
    runId,
  ]);
  return rows.map((r) => r.state);
}

function options(provider: RecordingProvider, readyTimeoutMs = 60_000) {
  return { providers: new Map([["local", provider]]), logger: recordingLogger(), tuning: { readyTimeoutMs } };
}

describe("coordinateRun", () => {
  it("gives up on agents that are not ready by the deadline, naming them, and releases the instances", async () => {
    const provider = new RecordingProvider();
    const run = await createPlannedRun(port, { script: SCRIPT, instances: 2 });
    await allocateRun(port, run.runId, provider);
    expect(await coordinateRun(port.pool, run.runId, options(provider, 1000))).toEqual({
      done: false,
      recheckInMs: expect.any(Number),
    });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await coordinateRun(port.pool, run.runId, options(provider, 1000))).toEqual({ done: true });
    const [a, b] = run.instanceIds;
    expect(await runRow(run.runId)).toEqual({
      status: "ABORTED_BY_SYSTEM",
      status_reason: `not every agent was ready in time: instance ${a} (local) STARTING, instance ${b} (local) STARTING`,
    });
    expect(provider.released).toEqual([`fake:${a}`, `fake:${b}`]);
    expect(await instanceStates(run.runId)).toEqual(["RELEASED", "RELEASED"]);
    // The agents that never came were told to stop, in case they come after all.
    const { rows } = await port.pool.query(`select type, body from run_commands where run_id = $1`, [
      run.runId,
    ]);
    expect(rows).toEqual([
      { type: "stop", body: { reason: expect.stringContaining("not every agent was ready in time") } },
      { type: "stop", body: { reason: expect.stringContaining("not every agent was ready in time") } },
    ]);
    expect(await coordinateRun(port.pool, run.runId, options(provider))).toEqual({ done: true });
  });

  it("releases the instances of a run stopped before it ever coordinated it", async () => {
    const provider = new RecordingProvider();
    const run = await createPlannedRun(port, { script: SCRIPT, instances: 1 });
    await allocateRun(port, run.runId, provider);
    await transitionRun(createDb(port.pool), run.runId, "ABORTED_BY_USER", "changed my mind");
    expect(await coordinateRun(port.pool, run.runId, options(provider))).toEqual({ done: true });
    expect(await runRow(run.runId)).toEqual({ status: "ABORTED_BY_USER", status_reason: "changed my mind" });
    expect(provider.released).toEqual([`fake:${run.instanceIds[0]}`]);
    expect(await instanceStates(run.runId)).toEqual(["RELEASED"]);
  });

  it("lets one caller at a time work on a run", async () => {
    const provider = new RecordingProvider();
    const run = await createPlannedRun(port, { script: SCRIPT, instances: 1 });
    await allocateRun(port, run.runId, provider);
    const lock = await port.pool.connect();
    try {
      await lock.query(`select pg_advisory_lock(hashtextextended('barrage.coordinate:' || $1::text, 0))`, [
        run.runId,
      ]);
      await transitionRun(createDb(port.pool), run.runId, "ABORTED_BY_USER", "stopped");
      expect(await coordinateRun(port.pool, run.runId, options(provider))).toEqual({
        done: false,
        recheckInMs: 500,
      });
      expect(provider.released).toEqual([]);
      await lock.query(`select pg_advisory_unlock_all()`);
      expect(await coordinateRun(port.pool, run.runId, options(provider))).toEqual({ done: true });
      expect(provider.released).toEqual([`fake:${run.instanceIds[0]}`]);
    } finally {
      lock.release();
    }
  });

  it("leaves a run that is still in the pipeline to the pipeline", async () => {
    const run = await createPlannedRun(port, { script: SCRIPT, instances: 1 });
    expect(await coordinateRun(port.pool, run.runId, options(new RecordingProvider()))).toEqual({
      done: true,
    });
    const { rows } = await port.pool.query(`select 1 from run_coordination where run_id = $1`, [run.runId]);
    expect(rows).toEqual([]);
    expect(await instanceStates(run.runId)).toEqual(["REQUESTED"]);
  });
});

describe("coordinateTask", () => {
  it("takes the run over from the allocate step and comes back until the run is over", async () => {
    const provider = new RecordingProvider();
    const run = await createPlannedRun(port, { script: SCRIPT, instances: 1 });
    await allocateRun(port, run.runId, provider);
    const coordinateJobs = async () =>
      (await queuedJobs(port.pool)).filter((job) => job.key === `coordinate:${run.runId}`);
    // The allocate step handed the run over.
    expect(await coordinateJobs()).toHaveLength(1);
    const errors: string[] = [];
    const work = async () => {
      await runOnce({
        pgPool: port.pool,
        taskList: { coordinate: coordinateTask({ pool: port.pool, ...options(provider, 1500) }) },
        noHandleSignals: true,
        logger: new Logger(() => (level, message) => {
          if (level === "error") errors.push(message);
        }),
      });
      // runOnce resolves before graphile-worker has recorded how the job ended.
      for (let tries = 0; tries < 200; tries++) {
        const { rows } = await port.pool.query(
          `select count(*)::int as locked from graphile_worker._private_jobs where locked_at is not null`,
        );
        if (rows[0]?.locked === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    await work();
    expect((await runRow(run.runId)).status).toBe("INITIALIZING");
    // Waiting for the agent: the job is back, due a little later.
    const { rows } = await port.pool.query(
      `select run_at > now() as later from graphile_worker._private_jobs where key = $1`,
      [`coordinate:${run.runId}`],
    );
    expect(rows).toEqual([{ later: true }]);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    await work();
    expect((await runRow(run.runId)).status).toBe("ABORTED_BY_SYSTEM");
    expect(await coordinateJobs()).toEqual([]);
    expect(errors).toEqual([]);
  });
});
