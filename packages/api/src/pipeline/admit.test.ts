import { runOnce } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queuedJobs } from "../db/worker-jobs.test-helpers.js";
import { setOrganizationLimits } from "../organizations/limits.js";
import { transitionRun } from "../runs/status.js";
import type { SeededOrganization } from "../test-fixtures.test-helpers.js";
import {
  constantVusScript,
  createScriptRun,
  eventsOf,
  makeJobsDue,
  type PipelineFixture,
  pipelineFixture,
  quietLogger,
  runJobs,
  runRow,
} from "./pipeline.test-helpers.js";
import { pipelineTaskList } from "./task-list.js";

let fixture: PipelineFixture;
beforeAll(async () => {
  fixture = await pipelineFixture();
});
afterAll(() => fixture.close());

const noLimits = { maxVus: null, maxDurationMs: null, maxConcurrentRuns: null };

/** A run taken through validate, archive and plan, waiting for admit. */
async function plannedRun(script = constantVusScript(10), organization?: SeededOrganization) {
  const created = await createScriptRun(fixture, script);
  if (organization) {
    await fixture.database.pool.query("update test_runs set organization_id = $1 where id = $2", [
      organization.organizationId,
      created.runId,
    ]);
  }
  await runJobs(fixture, ["validate", "archive", "plan"]);
  return { runId: created.runId, organization: organization ?? created.organization };
}

async function jobKeys(): Promise<string[]> {
  return (await queuedJobs(fixture.database.pool)).map((job) => job.key ?? "");
}

describe("admit: limits", () => {
  it("queues a run within its organization's limits and gives it a slot at once", async () => {
    const { runId, organization } = await plannedRun();
    await setOrganizationLimits(fixture.db, organization.organizationId, {
      maxVus: 10,
      maxDurationMs: 90_000,
      maxConcurrentRuns: 1,
    });
    await runJobs(fixture, ["admit"]);
    expect((await eventsOf(fixture.db, runId)).at(-1)).toEqual({
      status: "QUEUED",
      reason: null,
      detail: null,
    });
    expect(await jobKeys()).toContain(`allocate:${runId}`);
  });

  it.each([
    [
      { ...noLimits, maxVus: 9 },
      "the run needs 10 VUs; the organization allows at most 9 (maxVus)",
      { limit: "maxVus", allowed: 9, required: 10 },
    ],
    [
      // One minute of VUs plus the default 30 s gracefulStop.
      { ...noLimits, maxDurationMs: 89_999 },
      "the run may last 90000 ms; the organization allows at most 89999 ms (maxDurationMs)",
      { limit: "maxDurationMs", allowed: 89_999, required: 90_000 },
    ],
  ])(
    "ends a run over a limit ABORTED_BY_LIMIT, naming the limit and the values",
    async (limits, reason, detail) => {
      const { runId, organization } = await plannedRun();
      await setOrganizationLimits(fixture.db, organization.organizationId, limits);
      await runJobs(fixture, ["admit"]);
      expect((await eventsOf(fixture.db, runId)).at(-1)).toEqual({
        status: "ABORTED_BY_LIMIT",
        reason,
        detail,
      });
      expect(await jobKeys()).not.toContain(`allocate:${runId}`);
    },
  );

  it("counts a run without a planned end as over any duration limit", async () => {
    const { runId, organization } = await plannedRun(
      'export const options = { scenarios: { ext: { executor: "externally-controlled", vus: 1, maxVUs: 2, duration: 0 } } };\nexport default function () {}\n',
    );
    await setOrganizationLimits(fixture.db, organization.organizationId, {
      ...noLimits,
      maxDurationMs: 3_600_000,
    });
    await runJobs(fixture, ["admit"]);
    expect((await runRow(fixture.db, runId)).statusReason).toBe(
      "the run has no planned end; the organization allows at most 3600000 ms (maxDurationMs)",
    );
  });

  it("does nothing more when run again", async () => {
    const { runId } = await plannedRun();
    await runJobs(fixture, ["admit"]);
    await fixture.database.pool.query(
      "select graphile_worker.add_job('admit', json_build_object('runId', $1::bigint), job_key := 'admit-again')",
      [runId],
    );
    await runJobs(fixture, ["admit"]);
    expect((await eventsOf(fixture.db, runId)).map((event) => event.status)).toEqual([
      "CREATED",
      "VALIDATED",
      "QUEUED",
    ]);
    expect((await jobKeys()).filter((key) => key === `allocate:${runId}`)).toHaveLength(1);
  });
});

describe("admit: concurrency", () => {
  it("keeps a run QUEUED while the organization's slots are taken, and admits it when one frees", async () => {
    const first = await plannedRun();
    const { organizationId } = first.organization;
    await setOrganizationLimits(fixture.db, organizationId, { ...noLimits, maxConcurrentRuns: 1 });
    await runJobs(fixture, ["admit", "allocate"]);
    expect((await runRow(fixture.db, first.runId)).status).toBe("INITIALIZING");

    const second = await plannedRun(constantVusScript(10), first.organization);
    await runJobs(fixture, ["admit"]);
    const waiting = await runRow(fixture.db, second.runId);
    expect(waiting).toMatchObject({
      status: "QUEUED",
      statusReason:
        "waiting for a free slot: 1 of the organization's at most 1 concurrent runs are active (maxConcurrentRuns)",
    });
    expect(await jobKeys()).toContain(`admit:${second.runId}`);
    expect(await jobKeys()).not.toContain(`allocate:${second.runId}`);

    // Still taken: the re-check finds the first run initialising.
    await makeJobsDue(fixture);
    await runJobs(fixture, ["admit"]);
    expect(await jobKeys()).not.toContain(`allocate:${second.runId}`);

    await transitionRun(fixture.db, first.runId, "ABORTED_BY_USER", "stopped");
    await makeJobsDue(fixture);
    await runJobs(fixture, ["admit"]);
    expect(await jobKeys()).toContain(`allocate:${second.runId}`);
    expect((await eventsOf(fixture.db, second.runId)).map((event) => event.status)).toEqual([
      "CREATED",
      "VALIDATED",
      "QUEUED",
    ]);
  });

  it("gives the last slot to exactly one of two runs admitted at the same time", async () => {
    const first = await plannedRun();
    const second = await plannedRun(constantVusScript(10), first.organization);
    await setOrganizationLimits(fixture.db, first.organization.organizationId, {
      ...noLimits,
      maxConcurrentRuns: 1,
    });
    const { admit } = pipelineTaskList(fixture.deps);
    await runOnce({
      pgPool: fixture.database.pool,
      taskList: { admit },
      concurrency: 2,
      noHandleSignals: true,
      logger: quietLogger,
    });
    const allocating = (await jobKeys()).filter(
      (key) => key === `allocate:${first.runId}` || key === `allocate:${second.runId}`,
    );
    expect(allocating).toHaveLength(1);
  });
});
