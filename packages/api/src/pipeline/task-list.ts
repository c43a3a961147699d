import type { Task } from "graphile-worker";
import { admitStep } from "./admit.js";
import { allocateStep } from "./allocate.js";
import { archiveStep } from "./archive.js";
import type { PipelineDeps } from "./deps.js";
import type { PipelineTaskName } from "./jobs.js";
import { pipelineTask } from "./pipeline-task.js";
import { planStep } from "./plan.js";
import { validateStep } from "./validate.js";

/**
 * The run pipeline's graphile-worker tasks, by the names jobs are enqueued with. Each finds the
 * run's state in the database, acts only if the run is at its step, and enqueues the next step in
 * the transaction that records its own, so any of them may be retried or re-run after a crash.
 *
 * @example
 * await run({ pgPool, taskList: { ...pipelineTaskList(deps), coordinate }, noHandleSignals: true });
 */
export function pipelineTaskList(deps: PipelineDeps): Record<PipelineTaskName, Task> {
  return {
    validate: pipelineTask("validate", validateStep(deps)),
    archive: pipelineTask("archive", archiveStep(deps)),
    plan: pipelineTask("plan", planStep),
    admit: pipelineTask("admit", admitStep(deps)),
    allocate: pipelineTask("allocate", allocateStep(deps)),
  };
}
