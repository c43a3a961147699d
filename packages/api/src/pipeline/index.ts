/**
 * The run pipeline (design.md, the life of a cloud run, steps 2 to 6) as graphile-worker tasks:
 * `validate` → `archive` → `plan` → `admit` → `allocate`, which hands the run to the coordinator's
 * `coordinate` task. Each step is idempotent and enqueues the next in the transaction that records
 * its own work.
 */

export { type AgentLoss, parseAgentLoss } from "./agent-loss.js";
export { archiveKey } from "./archive.js";
export { buildArchive } from "./archive-document.js";
export type { LoadZone, PipelineDeps } from "./deps.js";
export { DEFAULT_LOAD_ZONE, parseDistribution, type ZoneShare } from "./distribution.js";
export { COORDINATE_TASK, PIPELINE_MAX_ATTEMPTS, PIPELINE_TASKS, type PipelineTaskName } from "./jobs.js";
export type { PlannedInstance, RunPlan } from "./split-run.js";
export { pipelineTaskList } from "./task-list.js";
export { type PipelineWorkerOptions, startPipelineWorker } from "./worker.js";
