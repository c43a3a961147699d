import type { Task } from "graphile-worker";
import type pg from "pg";
import { COORDINATE_TASK } from "../pipeline/index.js";
import { type CoordinateOptions, coordinateRun } from "./coordinate-run.js";

/** Options of {@link coordinateTask}. */
export interface CoordinateTaskOptions extends CoordinateOptions {
  /** The pool coordination uses (its own connections, besides the job's). */
  pool: pg.Pool;
}

/**
 * A job never comes back sooner than this, ms: the loop of `startCoordinator` gives sub-second
 * reactions; the job only makes sure that every run moves on even where no loop runs.
 */
const MIN_RECHECK_MS = 1000;

/**
 * The graphile-worker task `coordinate` (the allocate step enqueues it with `{runId}`): one round of
 * {@link coordinateRun}, then, unless the run is over, the same job again when the round asked to
 * look again. The job key `coordinate:<runId>` keeps one job per run.
 *
 * @example
 * await startPipelineWorker({ pool, deps, extraTasks: { [COORDINATE_TASK]: coordinateTask({ pool, providers }) } });
 */
export function coordinateTask(options: CoordinateTaskOptions): Task {
  return async (payload, helpers) => {
    const runId = (payload as { runId?: unknown } | null)?.runId;
    if (typeof runId !== "number" || !Number.isSafeInteger(runId))
      throw new Error(
        `the ${COORDINATE_TASK} task needs a payload {runId: <integer>}, got ${JSON.stringify(payload)}`,
      );
    const outcome = await coordinateRun(options.pool, runId, options);
    if (outcome.done) return;
    await helpers.addJob(
      COORDINATE_TASK,
      { runId },
      {
        jobKey: `${COORDINATE_TASK}:${runId}`,
        jobKeyMode: "replace",
        runAt: new Date(Date.now() + Math.max(outcome.recheckInMs, MIN_RECHECK_MS)),
      },
    );
  };
}
