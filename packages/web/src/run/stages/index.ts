export { RunStages } from "./run-stages.js";
export {
  FINAL_LABELS,
  runStages,
  STAGE_LABELS,
  STAGES,
  type Stage,
  type StageInputs,
  type StageKey,
  type StageState,
  stageKey,
} from "./stages.js";
export { type LiveStage, type RunProgress, STAGE_POLL_MS, useRunStage } from "./use-run-stage.js";
