import { ExecutionTuple } from "@barrage/runner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queuedJobs } from "../db/worker-jobs.test-helpers.js";
import {
  constantVusScript,
  createScriptRun,
  instancesOf,
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

describe("plan", () => {
  it("stores the plan, one REQUESTED instance per segment of one sequence, and enqueues admit", async () => {
    const { runId, organization } = await createScriptRun(
      fixture,
      constantVusScript(
        2500,
        "1m",
        'cloud: { distribution: { home: { loadZone: "local", percent: 80 }, lab: { loadZone: "lab", percent: 20 } } }',
      ),
    );
    await fixture.database.pool.query(
      "insert into load_zones (organization_id, name, provider, vus_per_agent) values ($1, 'lab', 'private', 300)",
      [organization.organizationId],
    );
    await runJobs(fixture, ["validate", "archive", "plan"]);
    const run = await runRow(fixture.db, runId);
    expect(run.status).toBe("VALIDATED");
    expect(run.plan).toMatchObject({
      maxVUs: 2500,
      zones: [
        { label: "home", loadZone: "local", percent: 80, vusPerInstance: 1000, instances: 2 },
        { label: "lab", loadZone: "lab", percent: 20, vusPerInstance: 300, instances: 2 },
      ],
    });
    const instances = await instancesOf(fixture.db, runId);
    expect(instances).toHaveLength(4);
    const sequence = (run.plan as { sequence: string }).sequence;
    expect(new Set(instances.map((i) => i.sequence))).toEqual(new Set([sequence]));
    expect(instances.every((i) => i.state === "REQUESTED" && i.bootstrapTokenHash === null)).toBe(true);
    const shares = instances.map((i) => ExecutionTuple.create(i.segment, i.sequence).scale(2500));
    expect(shares).toEqual([1000, 1000, 250, 250]);
    const jobs = (await queuedJobs(fixture.database.pool)).filter((job) => job.key === `admit:${runId}`);
    expect(jobs).toHaveLength(1);
  });

  it("ends a run naming a zone that does not exist ABORTED_BY_SCRIPT_ERROR, listing the zones", async () => {
    const { runId } = await createScriptRun(
      fixture,
      constantVusScript(5, "1m", 'cloud: { distribution: { mars: { loadZone: "mars", percent: 100 } } }'),
    );
    await runJobs(fixture, ["validate", "archive", "plan"]);
    expect(await runRow(fixture.db, runId)).toMatchObject({
      status: "ABORTED_BY_SCRIPT_ERROR",
      statusReason:
        'options.cloud.distribution.mars.loadZone: there is no load zone "mars"; the zones are local',
    });
    expect(await instancesOf(fixture.db, runId)).toEqual([]);
  });

  it("does nothing for a run that already has a plan", async () => {
    const { runId } = await createScriptRun(fixture, constantVusScript(5));
    await runJobs(fixture, ["validate", "archive", "plan"]);
    await fixture.database.pool.query(
      "select graphile_worker.add_job('plan', json_build_object('runId', $1::bigint), job_key := 'plan-again')",
      [runId],
    );
    await runJobs(fixture, ["plan"]);
    expect(await instancesOf(fixture.db, runId)).toHaveLength(1);
  });
});
