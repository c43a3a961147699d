/**
 * Sandboxed validation of user scripts (design.md, life of a cloud run, step 2): a script's init
 * context evaluated with no network, no filesystem, a time limit and a memory limit, to read and
 * check its options and compute what the run needs.
 */
export type { SandboxLimits } from "./init-worker.js";
export type { RunRequirements, ScenarioRequirements } from "./requirements.js";
export {
  DEFAULT_SANDBOX_LIMITS,
  type ScriptSource,
  type ValidatedScript,
  validateScript,
} from "./validate-script.js";
