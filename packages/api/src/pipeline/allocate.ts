import { randomBytes } from "node:crypto";
import type { InstanceToBoot, LoadZoneProvider } from "@barrage/providers";
import { and, eq, sql } from "drizzle-orm";
import { hashToken } from "../auth/token.js";
import type { Db } from "../db/database.js";
import { runInstances } from "../db/schema/runs.js";
import { transitionRun } from "../runs/status.js";
import { type AllocationGroup, requestedZones, takeAllocationGroup } from "./allocation-groups.js";
import type { PipelineDeps } from "./deps.js";
import { COORDINATE_TASK, enqueue } from "./jobs.js";
import { endRun, lockRun, readRun } from "./run-state.js";

/**
 * Step 6 (design.md): moves the run QUEUED → INITIALIZING, then has the providers boot the
 * instances that are still REQUESTED, each with a fresh one-time bootstrap token, and hands the run
 * to the coordinator (the `coordinate` job) once every instance is allocated. Instances go to their
 * provider one zone at a time, except for providers that allocate across zones (`aws`), which get
 * all of the run's instances in their zones in one all-or-nothing request (see allocation-groups.ts).
 * Each request says how many VUs its instances run (the plan's figure), so that providers that size
 * machines pick the smallest that fits.
 *
 * A provider that refuses (capacity, quota, a zone it does not serve) ends the run at once,
 * ABORTED_BY_SYSTEM with the provider's own reason: providers retry what is transient themselves
 * (`aws` backs off on throttling and moves to the next subnet on a capacity error), so their error
 * is their last word, and retrying the step would only make the user wait for the same answer.
 * Instances booted by earlier requests are released by the coordinator, which the same transaction
 * enqueues. Anything else that fails (the database) is thrown, so that graphile-worker retries.
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
    const pending = await requestedZones(db, runId);
    while (pending.length > 0) {
      // A user's stop while earlier groups booted: allocate nothing more.
      if ((await readRun(db, runId)).status !== "INITIALIZING") return;
      if (!(await allocateGroup(deps, db, runId, takeAllocationGroup(pending, deps.providerFor)))) return;
    }
    await db.transaction(async (tx) => {
      if ((await lockRun(tx, runId)).status !== "INITIALIZING") return;
      await enqueue(tx, COORDINATE_TASK, runId, { mode: "dedupe" });
    });
  };
}

/** Boots one group; false when its provider refused and the run was ended. */
async function allocateGroup(
  deps: PipelineDeps,
  db: Db,
  runId: number,
  group: AllocationGroup,
): Promise<boolean> {
  const tokens = new Map(group.instances.map((i) => [i.id, randomBytes(32).toString("base64url")]));
  await db.transaction(async (tx) => {
    for (const [id, token] of tokens) {
      await tx
        .update(runInstances)
        .set({ bootstrapTokenHash: hashToken(token) })
        .where(and(eq(runInstances.id, id), eq(runInstances.state, "REQUESTED")));
    }
  });
  const { provider } = group;
  const instances: InstanceToBoot[] = group.instances.map((i) => ({
    instanceId: String(i.id),
    bootstrapToken: tokens.get(i.id) as string,
    ...(group.spansZones ? { zone: i.zone } : {}),
  }));
  let allocated: Awaited<ReturnType<LoadZoneProvider["allocate"]>>;
  try {
    allocated = await provider.allocate({
      runId: String(runId),
      zone: group.zone.name,
      instances,
      apiUrl: deps.agentEndpoint.apiUrl,
      caCertificatePem: deps.agentEndpoint.caCertificatePem,
      vusPerInstance: group.vusPerInstance,
    });
  } catch (error) {
    const zones = [...new Set(group.instances.map((i) => i.zone))];
    await db.transaction(async (tx) => {
      await endRun(tx, runId, "ABORTED_BY_SYSTEM", (error as Error).message ?? String(error), {
        step: "allocate",
        provider: provider.name,
        zones,
        instances: group.instances.map((i) => i.id),
      });
      // The coordinator releases what earlier groups started (and marks the rest released).
      await enqueue(tx, COORDINATE_TASK, runId, { mode: "dedupe" });
    });
    return false;
  }
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
  return true;
}
