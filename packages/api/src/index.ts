/**
 * `@barrage/api`: the platform's database, auth, GraphQL API and run model. Start-up, in order:
 * `connectDatabase`, `migrate`, `installWorkerSchema`, `ensureDefaultOrganization`,
 * `startApiServer`.
 */

export {
  type CertificateAuthority,
  createCertificateAuthority,
  loadCertificateAuthority,
} from "./agents/ca/index.js";
export { type AgentServer, type AgentServerOptions, startAgentServer } from "./agents/index.js";
export { authenticate, createApiToken, revokeApiToken, type Viewer } from "./auth/index.js";
export {
  type Coordinator,
  type CoordinatorOptions,
  type CoordinatorTuning,
  coordinateRun,
  coordinateTask,
  DEFAULT_TUNING,
  type ProviderRegistry,
  REAP_TASK,
  type ReapTaskOptions,
  reapTask,
  startCoordinator,
} from "./coordinator/index.js";
export { type ConnectOptions, connectDatabase, type DatabaseConnection } from "./db/connect.js";
export { createDb, type Db } from "./db/database.js";
export { MIGRATIONS_DIRECTORY, type MigrateOptions, migrate } from "./db/migrate.js";
export { defaultStateDirectory } from "./db/state-directory.js";
export { installWorkerSchema } from "./db/worker-schema.js";
export { BarrageError, ERROR_CODES, type ErrorCode } from "./errors.js";
export {
  AGENT_USAGE_METRICS,
  type BuildRunSeriesOptions,
  buildRunSeries,
  computeRunInsights,
  type InsightDetail,
  queryRunInsights,
  type RunInsightsRound,
  saveRunInsights,
} from "./insights/index.js";
export * from "./metrics/index.js";
export {
  type DefaultOrganization,
  ensureDefaultOrganization,
} from "./organizations/ensure-default-organization.js";
export {
  getOrganizationLimits,
  type OrganizationLimits,
  setOrganizationLimits,
} from "./organizations/limits.js";
export {
  archiveKey,
  COORDINATE_TASK,
  type LoadZone,
  PIPELINE_MAX_ATTEMPTS,
  PIPELINE_TASKS,
  type PipelineDeps,
  type PipelineWorkerOptions,
  pipelineTaskList,
  type RunPlan,
  startPipelineWorker,
} from "./pipeline/index.js";
export { type Platform, type PlatformOptions, startPlatform } from "./platform/start-platform.js";
export { type CreateRunInput, createRun, FIRST_PIPELINE_TASK } from "./runs/create-run.js";
export { appendRunEvent } from "./runs/events.js";
export { notifyRunChanged, RUN_CHANNEL, type RunChange } from "./runs/notify.js";
export { type SaveScriptInput, saveScript } from "./runs/save-script.js";
export {
  canTransition,
  IllegalRunTransitionError,
  isTerminal,
  nextStatuses,
  RUN_STATUS_CODES,
  RUN_STATUSES,
  type RunStatus,
  type RunTransition,
  transitionRun,
} from "./runs/status.js";
export {
  DEFAULT_SANDBOX_LIMITS,
  type RunRequirements,
  type SandboxLimits,
  validateScript,
} from "./sandbox/index.js";
export { type ApiServer, type ApiServerOptions, startApiServer } from "./server/index.js";
export { LocalDirectoryObjectStore, ObjectNotFoundError, type ObjectStore } from "./storage/index.js";
export {
  type CreatePrivateLoadZoneInput,
  createPrivateLoadZone,
  type PrivateLoadZoneEnrolment,
  PrivateZoneProvider,
  startZoneAgentRoutes,
  type ZoneAgentRoutes,
} from "./zones/index.js";
