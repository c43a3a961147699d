import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { hashToken } from "../auth/token.js";
import type { Db } from "../db/database.js";
import { runInstances } from "../db/schema/runs.js";
import { transitionRun } from "../runs/status.js";
import type { LoadZone, PipelineDeps } from "./deps.js";
import { COORDINATE_TASK, enqueue } from "./jobs.js";
import { LOAD_ZONE_COLUMNS, type LoadZoneRow, toLoadZone } from "./load-zones.js";
import { lockRun, readRun } from "./run-state.js";

/**
 * Step 6 (design.md): moves the run QUEUED → INITIALIZING, then has each zone's provider boot the
 * zone's instances that are still REQUESTED, each with a fresh one-time bootstrap token, and hands
 * the run to the coordinator (the `coordinate` job) once every instance is allocated.
 *
 * Crash safety: a token's hash is committed before the provider sees the token, so an agent that
 * calls home at once finds it; the provider's reference is recorded whatever state the instance
 * reached meanwhile. A retry allocates only instances still REQUESTED, with new tokens, which
 * invalidates any token of an attempt that died before recording its instances (their agents are
 * refused at call-home and left for the run's release). `coordinate` is enqueued only if no job of
 * it exists, running or not, since the coordinator must not run twice at once for one run.
 */
export function allocateStep(deps: PipelineDeps) {
  return async (runId: number, db: Db): Promise<void> => {
    const proceed = await db.transaction(async (tx) => {
      const run = await lockRun(tx, runId);
      if (run.status === "QUEUED") await transitionRun(tx, runId, "INITIALIZING", null);
      return run.status === "QUEUED" || run.status === "INITIALIZING";
    });
    if (!proceed) return;
    for (const { zone, instanceIds } of await requestedByZone(db, runId)) {
      // A user's stop while earlier zones booted: allocate nothing more.
      if ((await readRun(db, runId)).status !== "INITIALIZING") return;
      await allocateZone(deps, db, runId, zone, instanceIds);
    }
    await db.transaction(async (tx) => {
      if ((await lockRun(tx, runId)).status !== "INITIALIZING") return;
      await enqueue(tx, COORDINATE_TASK, runId, { mode: "dedupe" });
    });
  };
}

async function allocateZone(
  deps: PipelineDeps,
  db: Db,
  runId: number,
  zone: LoadZone,
  instanceIds: readonly number[],
): Promise<void> {
  const tokens = new Map(instanceIds.map((id) => [id, randomBytes(32).toString("base64url")]));
  await db.transaction(async (tx) => {
    for (const [id, token] of tokens) {
      await tx
        .update(runInstances)
        .set({ bootstrapTokenHash: hashToken(token) })
        .where(and(eq(runInstances.id, id), eq(runInstances.state, "REQUESTED")));
    }
  });
  const allocated = await deps.providerFor(zone).allocate({
    runId: String(runId),
    zone: zone.name,
    instances: [...tokens].map(([id, bootstrapToken]) => ({ instanceId: String(id), bootstrapToken })),
    apiUrl: deps.agentEndpoint.apiUrl,
    caCertificatePem: deps.agentEndpoint.caCertificatePem,
  });
  await db.transaction(async (tx) => {
    for (const { instanceId, providerRef } of allocated) {
      await tx
        .update(runInstances)
        .set({
          providerRef,
          state: sql`case when ${runInstances.state} = 'REQUESTED' then 'STARTING' else ${runInstances.state} end`,
        })
        .where(and(eq(runInstances.runId, runId), eq(runInstances.id, Number(instanceId))));
    }
  });
}

/** The run's instances still REQUESTED, grouped by zone, in id order. */
async function requestedByZone(db: Db, runId: number): Promise<{ zone: LoadZone; instanceIds: number[] }[]> {
  const { rows } = await db.execute<LoadZoneRow & { instance_ids: string[] }>(sql`
    select ${LOAD_ZONE_COLUMNS}, array_agg(i.id order by i.id) as instance_ids
      from run_instances i join load_zones z on z.id = i.load_zone_id
     where i.run_id = ${runId} and i.state = 'REQUESTED'
     group by z.id
     order by min(i.id)`);
  return rows.map((row) => ({ zone: toLoadZone(row), instanceIds: row.instance_ids.map(Number) }));
}
