import type { JobHelpers, Task } from "graphile-worker";
import { createDb, type Db } from "../db/database.js";
import { PIPELINE_MAX_ATTEMPTS, runIdOf } from "./jobs.js";
import { endRun } from "./run-state.js";

/** One step of the pipeline for one run, given a database handle on the job's connection. */
export type PipelineStep = (runId: number, db: Db, helpers: JobHelpers) => Promise<void>;

/**
 * Wraps a step as a graphile-worker task: reads the run id from the payload, runs the step on a
 * connection of the worker's pool, and lets a failure propagate so that graphile-worker retries it.
 * On the last attempt the run is ended ABORTED_BY_SYSTEM with the error, so that no run waits for
 * ever on a step that cannot succeed. The last attempt is {@link PIPELINE_MAX_ATTEMPTS} even for a
 * job enqueued with more (createRun's first job takes graphile-worker's default of 25); later
 * attempts find the run ended and do nothing.
 */
export function pipelineTask(name: string, step: PipelineStep): Task {
  return async (payload, helpers) => {
    const runId = runIdOf(payload);
    await helpers.withPgClient(async (client) => {
      const db = createDb(client);
      try {
        await step(runId, db, helpers);
      } catch (error) {
        const { attempts, max_attempts } = helpers.job;
        if (attempts >= Math.min(max_attempts, PIPELINE_MAX_ATTEMPTS)) {
          const message = error instanceof Error ? error.message : String(error);
          await endRun(
            db,
            runId,
            "ABORTED_BY_SYSTEM",
            `the ${name} step failed ${attempts} times: ${message}`,
            {
              step: name,
              attempts,
            },
          );
        }
        throw error;
      }
    });
  };
}
