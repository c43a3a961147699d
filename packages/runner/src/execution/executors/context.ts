import type { ScenarioRun } from "../scenario-run.js";
import type { ExecutionTuple } from "../segments/index.js";
import type { VuPool } from "../vu-pool.js";

/** What an executor gets: its scenario (already scaled to this instance's segment), the VU pool and the segment. */
export interface ExecutorContext {
  readonly run: ScenarioRun;
  readonly pool: VuPool;
  readonly tuple: ExecutionTuple;
}

/** Hooks the control API uses on a running externally-controlled scenario. */
export interface ExternalControl {
  setVUs(vus: number): void;
}
