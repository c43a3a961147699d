import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AllocatedInstance, AllocationRequest, LoadZoneProvider } from "@barrage/providers";
import { asc, eq } from "drizzle-orm";
import { Logger, runOnce } from "graphile-worker";
import { createDb, type Db } from "../db/database.js";
import { runEvents, runInstances, testRuns } from "../db/schema/runs.js";
import { createTestDatabase, type TestDatabase } from "../db/test-database.test-helpers.js";
import { createRun } from "../runs/create-run.js";
import { LocalDirectoryObjectStore } from "../storage/index.js";
import { type SeededOrganization, seedOrganization } from "../test-fixtures.test-helpers.js";
import type { LoadZone, PipelineDeps } from "./deps.js";
import type { PipelineTaskName } from "./jobs.js";
import { pipelineTaskList } from "./task-list.js";

/** graphile-worker narrates every job; the tests read the database instead, and see only its errors. */
export const quietLogger = new Logger(() => (level, message) => {
  if (level === "error") console.error(`graphile-worker: ${message}`);
});

/** A provider that records what it was asked, and fails while `failWith` is set. */
export class FakeProvider implements LoadZoneProvider {
  readonly name = "local";
  readonly requests: AllocationRequest[] = [];
  failWith: Error | undefined;
  /** Set to play a provider that takes several zones in one request, as `aws` does. */
  allocatesAcrossZones = false;
  async allocate(request: AllocationRequest): Promise<AllocatedInstance[]> {
    this.requests.push(request);
    if (this.failWith) throw this.failWith;
    return request.instances.map(({ instanceId }) => ({ instanceId, providerRef: `fake-${instanceId}` }));
  }
  async status() {
    return { state: "running" as const };
  }
  async release() {}
  async listZones() {
    return [];
  }
}

/** A migrated database, an object store in a temporary folder, a fake provider and the deps on them. */
export interface PipelineFixture {
  database: TestDatabase;
  db: Db;
  provider: FakeProvider;
  /** The zones the provider was asked for, in order. */
  zonesAsked: LoadZone[];
  objectsDir: string;
  deps: PipelineDeps;
  close(): Promise<void>;
}

export async function pipelineFixture(): Promise<PipelineFixture> {
  const database = await createTestDatabase();
  const objectsDir = await mkdtemp(path.join(tmpdir(), "barrage-pipeline-objects-"));
  const provider = new FakeProvider();
  const zonesAsked: LoadZone[] = [];
  const deps: PipelineDeps = {
    objectStore: new LocalDirectoryObjectStore(objectsDir),
    providerFor: (zone) => {
      zonesAsked.push(zone);
      return provider;
    },
    agentEndpoint: { apiUrl: "https://127.0.0.1:1", caCertificatePem: "-----BEGIN CERTIFICATE-----" },
    sandboxLimits: { timeLimitMs: 1_000, memoryLimitMb: 64, wallClockLimitMs: 5_000 },
    admitRecheckMs: 200,
  };
  return {
    database,
    db: createDb(database.pool),
    provider,
    zonesAsked,
    objectsDir,
    deps,
    close: async () => {
      await database.drop();
      await rm(objectsDir, { recursive: true, force: true });
    },
  };
}

/** Runs every job now due of the given pipeline tasks, and the jobs they enqueue, until none is left. */
export async function runJobs(
  fixture: PipelineFixture,
  tasks: readonly PipelineTaskName[],
  deps: PipelineDeps = fixture.deps,
): Promise<void> {
  const all = pipelineTaskList(deps);
  await runOnce({
    pgPool: fixture.database.pool,
    taskList: Object.fromEntries(tasks.map((task) => [task, all[task]])),
    noHandleSignals: true,
    logger: quietLogger,
  });
  // runOnce resolves before graphile-worker has recorded the last job's completion or failure:
  // wait until no job is locked, so that the tests see the queue as the worker left it.
  const deadline = Date.now() + 5_000;
  for (;;) {
    const { rows } = await fixture.database.pool.query<{ locked: number }>(
      "select count(*)::int as locked from graphile_worker._private_jobs where locked_at is not null",
    );
    if (rows[0]?.locked === 0) return;
    if (Date.now() > deadline) throw new Error("graphile-worker left jobs locked after runOnce");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Creates a run of `script` in a new organization of its own, so that tests do not share limits. */
export async function createScriptRun(
  fixture: PipelineFixture,
  script: string,
  files: Record<string, string> = {},
): Promise<{ runId: number; organization: SeededOrganization }> {
  const organization = await seedOrganization(fixture.db, `org-${Math.random().toString(36).slice(2)}`);
  const run = await createRun(fixture.db, {
    organizationId: organization.organizationId,
    projectId: organization.projectId,
    loadTestName: "checkout",
    script,
    files: Object.entries(files).map(([name, text]) => ({
      path: name,
      base64: Buffer.from(text).toString("base64"),
    })),
  });
  return { runId: run.id, organization };
}

export async function runRow(db: Db, runId: number) {
  const [row] = await db.select().from(testRuns).where(eq(testRuns.id, runId));
  if (!row) throw new Error(`run ${runId} vanished`);
  return row;
}

export async function eventsOf(db: Db, runId: number) {
  return db
    .select({ status: runEvents.status, reason: runEvents.reason, detail: runEvents.detail })
    .from(runEvents)
    .where(eq(runEvents.runId, runId))
    .orderBy(asc(runEvents.id));
}

export async function instancesOf(db: Db, runId: number) {
  return db.select().from(runInstances).where(eq(runInstances.runId, runId)).orderBy(asc(runInstances.id));
}

/** Makes the waiting job `task:runId` due now and marks it as on its last attempt. */
export async function makeLastAttempt(fixture: PipelineFixture, task: string, runId: number): Promise<void> {
  await fixture.database.pool.query(
    "update graphile_worker._private_jobs set run_at = now(), attempts = max_attempts - 1 where key = $1",
    [`${task}:${runId}`],
  );
}

/** Makes every waiting job due now, e.g. a retry after a failure or a later re-check. */
export async function makeJobsDue(fixture: PipelineFixture): Promise<void> {
  await fixture.database.pool.query(
    "update graphile_worker._private_jobs set run_at = now() where locked_at is null",
  );
}

/** A script of `vus` constant VUs for `duration`, with `extra` option fields. */
export function constantVusScript(vus: number, duration = "1m", extra = ""): string {
  return `export const options = { vus: ${vus}, duration: "${duration}"${extra ? `, ${extra}` : ""} };\nexport default function () {}\n`;
}
