/**
 * The coordinator of distributed runs (design.md, steps 8 to 11): drives a run that the allocate
 * step made INITIALIZING to its end with commands to its agents, and releases its instances through
 * the provider plugins. All state is in PostgreSQL, so that it survives restarts.
 *
 * @example
 * const coordinator = await startCoordinator({ pool, providers });   // reacts to agents within milliseconds
 * const task = coordinateTask({ pool, providers });                  // the `coordinate` job of the pipeline
 */
export { type CoordinateOptions, type CoordinationOutcome, coordinateRun } from "./coordinate-run.js";
export { type CoordinateTaskOptions, coordinateTask } from "./coordinate-task.js";
export { type Coordinator, type CoordinatorOptions, startCoordinator } from "./coordinator-loop.js";
export type { ProviderRegistry } from "./providers.js";
export { REAP_TASK, type ReapTaskOptions, reapTask } from "./reap-task.js";
export { releaseInstances } from "./release-instances.js";
export { type CoordinatorTuning, DEFAULT_TUNING } from "./tuning.js";
