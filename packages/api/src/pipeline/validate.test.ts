import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scriptVersions } from "../db/schema/runs.js";
import { queuedJobs } from "../db/worker-jobs.test-helpers.js";
import {
  constantVusScript,
  createScriptRun,
  eventsOf,
  makeLastAttempt,
  type PipelineFixture,
  pipelineFixture,
  runJobs,
  runRow,
} from "./pipeline.test-helpers.js";

let fixture: PipelineFixture;
beforeAll(async () => {
  fixture = await pipelineFixture();
});
afterAll(() => fixture.close());

async function jobsOf(runId: number) {
  return (await queuedJobs(fixture.database.pool)).filter(
    (job) => (job.payload as { runId: number }).runId === runId,
  );
}

describe("validate", () => {
  it("stores options, requirements and distribution, moves to VALIDATED and enqueues archive", async () => {
    const { runId } = await createScriptRun(
      fixture,
      'const users = JSON.parse(open("./users.json"));\n' +
        'export const options = { vus: users.length, duration: "30s", cloud: { distribution: { eu: { loadZone: "local", percent: 100 } } } };\n' +
        "export default function () {}\n",
      { "users.json": "[1,2,3]" },
    );
    await runJobs(fixture, ["validate"]);
    const run = await runRow(fixture.db, runId);
    expect(run.status).toBe("VALIDATED");
    expect(run.requirements).toMatchObject({ maxVUs: 3, maxDurationMs: 60_000 });
    expect(run.distribution).toEqual({ eu: { loadZone: "local", percent: 100 } });
    const [version] = await fixture.db
      .select()
      .from(scriptVersions)
      .where(eq(scriptVersions.id, run.scriptVersionId));
    expect(version?.options).toMatchObject({
      scenarios: [{ name: "default", executor: "constant-vus", vus: 3 }],
    });
    expect((await eventsOf(fixture.db, runId)).at(-1)).toEqual({
      status: "VALIDATED",
      reason: null,
      detail: { filesOpened: ["users.json"], modules: ["script.js"] },
    });
    expect(await jobsOf(runId)).toEqual([{ task: "archive", payload: { runId }, key: `archive:${runId}` }]);
  });

  it("ends a run with a bad script ABORTED_BY_SCRIPT_ERROR, with the place in the event", async () => {
    const { runId } = await createScriptRun(
      fixture,
      'import { f } from "./lib.js";\nf();\nexport default function () {}\n',
      {
        "lib.js": "export function f() {\n  throw new Error('no config');\n}\n",
      },
    );
    await runJobs(fixture, ["validate"]);
    const run = await runRow(fixture.db, runId);
    expect(run.status).toBe("ABORTED_BY_SCRIPT_ERROR");
    expect(run.statusReason).toMatch(/^lib\.js:2:9: the script threw in the init context: no config/);
    expect((await eventsOf(fixture.db, runId)).at(-1)?.detail).toEqual({
      stage: "init",
      message: "the script threw in the init context: no config",
      file: "lib.js",
      line: 2,
      column: 9,
    });
    expect(await jobsOf(runId)).toEqual([]);
  });

  it("refuses a distribution that does not add up, naming the option", async () => {
    const { runId } = await createScriptRun(
      fixture,
      constantVusScript(10, "1m", 'cloud: { distribution: { a: { loadZone: "local", percent: 60 } } }'),
    );
    await runJobs(fixture, ["validate"]);
    expect(await runRow(fixture.db, runId)).toMatchObject({
      status: "ABORTED_BY_SCRIPT_ERROR",
      statusReason: "options.cloud.distribution: the percents add up to 60; they must add up to 100",
    });
  });

  it("refuses an agentLoss policy it does not know, naming the option and the allowed values", async () => {
    const { runId } = await createScriptRun(
      fixture,
      constantVusScript(10, "1m", 'cloud: { agentLoss: "ignore" }'),
    );
    await runJobs(fixture, ["validate"]);
    expect(await runRow(fixture.db, runId)).toMatchObject({
      status: "ABORTED_BY_SCRIPT_ERROR",
      statusReason:
        'options.cloud.agentLoss: must be "abort" (end the run when an agent is lost, the default) or "continue" (go on without it, marked degraded), not "ignore"',
    });
    const accepted = await createScriptRun(
      fixture,
      constantVusScript(10, "1m", 'cloud: { agentLoss: "continue" }'),
    );
    await runJobs(fixture, ["validate"]);
    expect((await runRow(fixture.db, accepted.runId)).status).toBe("VALIDATED");
  });

  it("does nothing when run again after its work is done", async () => {
    const { runId } = await createScriptRun(fixture, constantVusScript(2));
    await runJobs(fixture, ["validate"]);
    await fixture.database.pool.query(
      "select graphile_worker.add_job('validate', json_build_object('runId', $1::bigint), job_key := 'validate-again')",
      [runId],
    );
    await runJobs(fixture, ["validate"]);
    expect((await eventsOf(fixture.db, runId)).map((event) => event.status)).toEqual([
      "CREATED",
      "VALIDATED",
    ]);
    expect((await jobsOf(runId)).map((job) => job.task)).toEqual(["archive"]);
  });

  it("leaves a run the user stopped alone", async () => {
    const { runId } = await createScriptRun(fixture, constantVusScript(2));
    await fixture.database.pool.query("update test_runs set status = 'ABORTED_BY_USER' where id = $1", [
      runId,
    ]);
    await runJobs(fixture, ["validate"]);
    expect((await runRow(fixture.db, runId)).status).toBe("ABORTED_BY_USER");
    expect(await jobsOf(runId)).toEqual([]);
  });

  it("ends the run ABORTED_BY_SYSTEM when the sandbox keeps failing, on the last attempt", async () => {
    const { runId } = await createScriptRun(fixture, constantVusScript(2));
    const broken = {
      ...fixture.deps,
      sandboxLimits: { timeLimitMs: -1, memoryLimitMb: 64, wallClockLimitMs: 5_000 },
    };
    await runJobs(fixture, ["validate"], broken);
    expect((await runRow(fixture.db, runId)).status).toBe("CREATED");
    await makeLastAttempt(fixture, "validate", runId);
    await runJobs(fixture, ["validate"], broken);
    const run = await runRow(fixture.db, runId);
    expect(run.status).toBe("ABORTED_BY_SYSTEM");
    expect(run.statusReason).toMatch(/^the validate step failed \d+ times: /);
  });
});
