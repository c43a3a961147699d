import { type Logger, type Runner, run, type TaskList } from "graphile-worker";
import type pg from "pg";
import type { PipelineDeps } from "./deps.js";
import { pipelineTaskList } from "./task-list.js";

/** Options of {@link startPipelineWorker}. */
export interface PipelineWorkerOptions {
  /** The pool jobs and steps use; graphile-worker's listener holds one client of it, so size it above `concurrency`. */
  pool: pg.Pool;
  /** Jobs run at once (default 2: validation is CPU-bound and runs in a Worker thread of its own). */
  concurrency?: number;
  deps: PipelineDeps;
  /** Tasks run beside the pipeline's by the same worker, such as the coordinator's `coordinate`. */
  extraTasks?: TaskList;
  /** graphile-worker's logger; its default prints to the console. */
  logger?: Logger;
  /** Recurring jobs, in graphile-worker's crontab format, e.g. `* * * * * reap`. */
  crontab?: string;
}

/**
 * Starts a graphile-worker that runs the pipeline's tasks. Signals are left to the caller
 * (`noHandleSignals`): the process that embeds the worker decides how to shut down, with `stop()`.
 *
 * @example
 * const worker = await startPipelineWorker({ pool, deps });
 * process.once("SIGTERM", () => void worker.stop());
 */
export function startPipelineWorker(options: PipelineWorkerOptions): Promise<Runner> {
  return run({
    pgPool: options.pool,
    concurrency: options.concurrency ?? 2,
    noHandleSignals: true,
    taskList: { ...options.extraTasks, ...pipelineTaskList(options.deps) },
    ...(options.logger && { logger: options.logger }),
    ...(options.crontab && { crontab: options.crontab }),
  });
}
