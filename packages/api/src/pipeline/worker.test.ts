import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setOrganizationLimits } from "../organizations/limits.js";
import { createRun } from "../runs/create-run.js";
import { transitionRun } from "../runs/status.js";
import {
  constantVusScript,
  createScriptRun,
  eventsOf,
  type PipelineFixture,
  pipelineFixture,
  quietLogger,
  runRow,
} from "./pipeline.test-helpers.js";
import { startPipelineWorker } from "./worker.js";

let fixture: PipelineFixture;
let worker: Runner;
const coordinated: number[] = [];

beforeAll(async () => {
  fixture = await pipelineFixture();
  worker = await startPipelineWorker({
    pool: fixture.database.pool,
    deps: fixture.deps,
    extraTasks: {
      coordinate: async (payload) => {
        coordinated.push((payload as { runId: number }).runId);
      },
    },
    logger: quietLogger,
  });
});
afterAll(async () => {
  await worker.stop();
  await fixture.close();
});

async function statusBecomes(runId: number, status: string): Promise<void> {
  await expect
    .poll(async () => (await runRow(fixture.db, runId)).status, { timeout: 15_000, interval: 50 })
    .toBe(status);
}

describe("startPipelineWorker", () => {
  it("takes a new run from CREATED to the coordinator, and a second one when the first frees its slot", async () => {
    const first = await createScriptRun(fixture, constantVusScript(20, "30s"));
    await setOrganizationLimits(fixture.db, first.organization.organizationId, {
      maxVus: null,
      maxDurationMs: null,
      maxConcurrentRuns: 1,
    });
    await statusBecomes(first.runId, "INITIALIZING");
    await expect.poll(() => coordinated, { timeout: 5_000 }).toContain(first.runId);
    expect((await eventsOf(fixture.db, first.runId)).map((event) => event.status)).toEqual([
      "CREATED",
      "VALIDATED",
      "QUEUED",
      "INITIALIZING",
    ]);

    const second = await createRun(fixture.db, {
      organizationId: first.organization.organizationId,
      projectId: first.organization.projectId,
      loadTestName: "second",
      script: constantVusScript(5, "30s"),
    });
    await statusBecomes(second.id, "QUEUED");
    // It keeps waiting while the first run holds the slot.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await runRow(fixture.db, second.id)).status).toBe("QUEUED");

    await transitionRun(fixture.db, first.runId, "ABORTED_BY_USER", "done with it");
    await statusBecomes(second.id, "INITIALIZING");
    await expect.poll(() => coordinated, { timeout: 5_000 }).toContain(second.id);
    expect(fixture.provider.requests.map((request) => request.runId)).toEqual([
      String(first.runId),
      String(second.id),
    ]);
  });
});
