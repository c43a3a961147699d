import { sql } from "drizzle-orm";
import type { Db } from "../db/database.js";

/** The pipeline's own tasks, in the order a run goes through them (design.md, steps 2 to 6). */
export const PIPELINE_TASKS = ["validate", "archive", "plan", "admit", "allocate"] as const;
/** One of {@link PIPELINE_TASKS}. */
export type PipelineTaskName = (typeof PIPELINE_TASKS)[number];

/** The coordinator's task, which `allocate` hands the run to; it is registered by the coordinator. */
export const COORDINATE_TASK = "coordinate";

/**
 * Attempts after which a step gives up and ends its run ABORTED_BY_SYSTEM. With graphile-worker's
 * exponential back-off (e^attempt seconds) five attempts span about a minute and a half: long
 * enough to ride out a restart of the database, short enough that nobody waits on a dead run.
 */
export const PIPELINE_MAX_ATTEMPTS = 5;

/** The payload of every pipeline job, as `createRun` enqueues the first one. */
export interface RunJobPayload {
  runId: number;
}

/** Reads a job's payload; a malformed one is a bug of whoever enqueued it. */
export function runIdOf(payload: unknown): number {
  const runId = (payload as Partial<RunJobPayload> | null)?.runId;
  if (typeof runId !== "number" || !Number.isSafeInteger(runId) || runId <= 0) {
    throw new Error(
      `A pipeline job needs a payload {runId: <positive integer>}, got ${JSON.stringify(payload)}`,
    );
  }
  return runId;
}

/** How {@link enqueue} treats a job of the same task and run that already exists. */
export interface EnqueueOptions {
  /** When the job may run (default now). */
  runAt?: Date;
  /**
   * `replace` (default): a waiting job is replaced; a running one keeps running and a new one
   * follows it, which the pipeline's idempotent steps turn into a no-op. `dedupe`: any existing job,
   * even a running one, is kept and nothing is added; for tasks that must never run twice at once.
   */
  mode?: "replace" | "dedupe";
}

/**
 * Adds the job `task` for a run inside `db`'s transaction, so that it exists exactly when the
 * state change that calls for it commits. The job key `<task>:<runId>` keeps one job per task and run.
 */
export async function enqueue(
  db: Db,
  task: string,
  runId: number,
  options: EnqueueOptions = {},
): Promise<void> {
  const mode = options.mode === "dedupe" ? "unsafe_dedupe" : "replace";
  await db.execute(
    sql`select graphile_worker.add_job(${task}, json_build_object('runId', ${runId}::bigint),
      run_at := ${options.runAt?.toISOString() ?? null}::timestamptz, max_attempts := ${PIPELINE_MAX_ATTEMPTS},
      job_key := ${`${task}:${runId}`}, job_key_mode := ${mode})`,
  );
}
