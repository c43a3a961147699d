import { and, desc, eq, lt } from "drizzle-orm";
import type { Db } from "../db/database.js";
import { baselines, type TestRunRow, testRuns } from "../db/schema/runs.js";
import { BarrageError } from "../errors.js";

/**
 * The load test's last FINISHED run before `run`, the one a run is compared with by default;
 * runs that were aborted stopped early and would compare unlike with like.
 */
export async function findPreviousRun(db: Db, run: TestRunRow): Promise<TestRunRow | null> {
  const [previous] = await db
    .select()
    .from(testRuns)
    .where(
      and(eq(testRuns.loadTestId, run.loadTestId), lt(testRuns.id, run.id), eq(testRuns.status, "FINISHED")),
    )
    .orderBy(desc(testRuns.id))
    .limit(1);
  return previous ?? null;
}

/** The load test's baseline run, if one was set. */
export async function findBaselineRun(db: Db, loadTestId: number): Promise<TestRunRow | null> {
  const [row] = await db
    .select({ run: testRuns })
    .from(baselines)
    .innerJoin(testRuns, eq(testRuns.id, baselines.runId))
    .where(eq(baselines.loadTestId, loadTestId));
  return row?.run ?? null;
}

/**
 * Makes `run` its load test's baseline, replacing any earlier one. Only a FINISHED run can be a
 * baseline: one still running has no final figures, an aborted one ran short.
 *
 * @throws BarrageError CONFLICT for a run that is not FINISHED
 */
export async function setBaseline(db: Db, run: TestRunRow): Promise<void> {
  if (run.status !== "FINISHED") {
    throw new BarrageError("CONFLICT", `Only a FINISHED run can be a baseline; this run is ${run.status}`, {
      field: "runId",
    });
  }
  await db
    .insert(baselines)
    .values({ loadTestId: run.loadTestId, runId: run.id })
    .onConflictDoUpdate({ target: baselines.loadTestId, set: { runId: run.id } });
}

/** Clears a load test's baseline; clearing none is not an error. */
export async function clearBaseline(db: Db, loadTestId: number): Promise<void> {
  await db.delete(baselines).where(eq(baselines.loadTestId, loadTestId));
}

/** The load test's last `last` FINISHED runs, oldest first. */
export async function recentFinishedRuns(db: Db, loadTestId: number, last: number): Promise<TestRunRow[]> {
  const rows = await db
    .select()
    .from(testRuns)
    .where(and(eq(testRuns.loadTestId, loadTestId), eq(testRuns.status, "FINISHED")))
    .orderBy(desc(testRuns.id))
    .limit(last);
  return rows.reverse();
}
