import { sql } from "drizzle-orm";
import type { Db } from "../db/database.js";
import type { TestRunRow } from "../db/schema/runs.js";
import { getOrganizationLimits, type OrganizationLimits } from "../organizations/limits.js";
import { transitionRun } from "../runs/status.js";
import type { RunRequirements } from "../sandbox/index.js";
import type { PipelineDeps } from "./deps.js";
import { enqueue } from "./jobs.js";
import { lockRun } from "./run-state.js";

const DEFAULT_RECHECK_MS = 2_000;

/**
 * Step 5 (design.md): checks the run against its organization's limits (max VUs, max duration:
 * over one → ABORTED_BY_LIMIT, the reason naming the limit and both values), moves it to QUEUED,
 * and gives it a concurrency slot by enqueueing `allocate` when fewer than `maxConcurrentRuns`
 * other runs of the organization hold one. Otherwise it stays QUEUED and admit checks again after
 * `admitRecheckMs`, the limits included, since they may be lowered meanwhile.
 *
 * A run holds a slot from the moment its `allocate` job exists until it ends: admission takes an
 * advisory lock per organization, so two runs admitted at once cannot both take the last slot.
 */
export function admitStep(deps: PipelineDeps) {
  return async (runId: number, db: Db): Promise<void> => {
    await db.transaction(async (tx) => {
      const run = await lockRun(tx, runId);
      if (run.status !== "VALIDATED" && run.status !== "QUEUED") return;
      const requirements = run.requirements as RunRequirements | null;
      if (!requirements || run.plan === null)
        throw new Error(`Run ${runId} reached admit without requirements and a plan`);
      const limits = await getOrganizationLimits(tx, run.organizationId);
      const over = overLimit(requirements, limits);
      if (over) {
        await transitionRun(tx, runId, "ABORTED_BY_LIMIT", over.reason, over.detail);
        return;
      }
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtextextended(${`barrage.admit:${run.organizationId}`}, 0))`,
      );
      if (await holdsSlot(tx, runId)) return;
      const active = await activeRuns(tx, run);
      const max = limits.maxConcurrentRuns;
      if (max !== null && active >= max) {
        if (run.status === "VALIDATED") {
          await transitionRun(
            tx,
            runId,
            "QUEUED",
            `waiting for a free slot: ${active} of the organization's at most ${max} concurrent runs are active (maxConcurrentRuns)`,
            { limit: "maxConcurrentRuns", allowed: max, active },
          );
        }
        const recheckMs = deps.admitRecheckMs ?? DEFAULT_RECHECK_MS;
        await enqueue(tx, "admit", runId, { runAt: new Date(Date.now() + recheckMs) });
        return;
      }
      await transitionRun(tx, runId, "QUEUED", null);
      await enqueue(tx, "allocate", runId);
    });
  };
}

/** The first organization limit the run's requirements exceed, as an event's reason and detail. */
function overLimit(
  requirements: RunRequirements,
  limits: OrganizationLimits,
): { reason: string; detail: Record<string, unknown> } | undefined {
  if (limits.maxVus !== null && requirements.maxVUs > limits.maxVus) {
    return {
      reason: `the run needs ${requirements.maxVUs} VUs; the organization allows at most ${limits.maxVus} (maxVus)`,
      detail: { limit: "maxVus", allowed: limits.maxVus, required: requirements.maxVUs },
    };
  }
  const duration = requirements.maxDurationMs;
  if (limits.maxDurationMs !== null && (duration === null || duration > limits.maxDurationMs)) {
    const needs = duration === null ? "has no planned end" : `may last ${duration} ms`;
    return {
      reason: `the run ${needs}; the organization allows at most ${limits.maxDurationMs} ms (maxDurationMs)`,
      detail: { limit: "maxDurationMs", allowed: limits.maxDurationMs, required: duration },
    };
  }
  return undefined;
}

/** Whether this run was already given a slot: its `allocate` job is waiting or running. */
async function holdsSlot(tx: Db, runId: number): Promise<boolean> {
  const { rows } = await tx.execute<{ held: boolean }>(
    sql`select exists (select 1 from graphile_worker.jobs where key = ${`allocate:${runId}`}) as held`,
  );
  return rows[0]?.held === true;
}

/**
 * The organization's other runs that hold a slot: INITIALIZING or RUNNING, or QUEUED with their
 * `allocate` job enqueued (admitted, not yet picked up by a worker).
 */
async function activeRuns(tx: Db, run: TestRunRow): Promise<number> {
  const { rows } = await tx.execute<{ active: number }>(sql`
    select count(*)::int as active
      from test_runs r
     where r.organization_id = ${run.organizationId} and r.id <> ${run.id}
       and (r.status in ('INITIALIZING', 'RUNNING')
            or (r.status = 'QUEUED'
                and exists (select 1 from graphile_worker.jobs j where j.key = 'allocate:' || r.id::text)))`);
  return rows[0]?.active ?? 0;
}
