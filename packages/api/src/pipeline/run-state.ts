import { eq } from "drizzle-orm";
import type { Db } from "../db/database.js";
import { type TestRunRow, testRuns } from "../db/schema/runs.js";
import { BarrageError } from "../errors.js";
import { IllegalRunTransitionError, isTerminal, type RunStatus, transitionRun } from "../runs/status.js";

/**
 * The run, read under a row lock inside a transaction. Every step re-reads the run this way before
 * it writes, so that two copies of a step (a retry racing a slow first attempt) cannot both act.
 */
export async function lockRun(tx: Db, runId: number): Promise<TestRunRow> {
  const [run] = await tx.select().from(testRuns).where(eq(testRuns.id, runId)).for("update");
  if (!run) throw new BarrageError("NOT_FOUND", `Run ${runId} does not exist`);
  return run;
}

/** The run as it is now, without a lock, for the decisions a step takes before its transaction. */
export async function readRun(db: Db, runId: number): Promise<TestRunRow> {
  const [run] = await db.select().from(testRuns).where(eq(testRuns.id, runId));
  if (!run) throw new BarrageError("NOT_FOUND", `Run ${runId} does not exist`);
  return run;
}

/**
 * Ends a run with `status` unless it has already ended some other way (a user's stop while the step
 * worked, say), which is not an error: the first end wins. Other illegal transitions are bugs and throw.
 */
export async function endRun(
  db: Db,
  runId: number,
  status: RunStatus,
  reason: string,
  detail?: Record<string, unknown>,
): Promise<void> {
  try {
    await transitionRun(db, runId, status, reason, detail);
  } catch (error) {
    if (error instanceof IllegalRunTransitionError && isTerminal(error.from)) return;
    throw error;
  }
}
