export { RunStages } from "./run-stages.js";
export {
  FINAL_LABELS,
  runStages,
  STAGE_LABELS,
  STAGES,
  type Stage,
  type StageKey,
  type StageState,
} from "./stages.js";
