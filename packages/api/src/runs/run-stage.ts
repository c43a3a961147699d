import type pg from "pg";
import { isTerminal, type RunStatus } from "./status.js";

/** Where a run is in its life, finer than its status: what a progress display shows. */
export type RunStage =
  | "VALIDATING"
  | "QUEUED"
  | "ALLOCATING"
  | "STARTING"
  | "RUNNING"
  | "FINISHING"
  | "ENDED";

/** A run's stage, with what it waits for when that helps (e.g. "3 of 4 agents ready"). */
export interface StageOf {
  stage: RunStage;
  detail: string | null;
}

/** Instance states from which an agent has called home (its process runs and holds a certificate). */
const CALLED_HOME = new Set(["CALLED_HOME", "READY", "RUNNING", "FINISHED", "FAILED"]);
/** Instance states from which an agent is ready to start (VUs initialised, paused). */
const READY = new Set(["READY", "RUNNING", "FINISHED"]);

/**
 * The stage of a run: its status, refined while INITIALIZING by its instances (allocating until
 * every agent called home, then starting: agents initialising their VUs, `setup()`, the common
 * start) and while RUNNING by the coordinator's phase (finishing once the end is decided: agents
 * stopping, `teardown()`, final thresholds, release).
 *
 * @example const { stage, detail } = await queryRunStage(pool, run); // { stage: "STARTING", detail: "3 of 4 agents ready" }
 */
export async function queryRunStage(pool: pg.Pool, run: { id: number; status: RunStatus }): Promise<StageOf> {
  if (isTerminal(run.status)) return { stage: "ENDED", detail: null };
  if (run.status === "CREATED") return { stage: "VALIDATING", detail: null };
  if (run.status === "VALIDATED" || run.status === "QUEUED") return { stage: "QUEUED", detail: null };
  const { rows } = await pool.query<{ phase: string | null; setup: boolean; states: string[] }>(
    `select c.phase, c.setup_instance_id is not null as setup,
            coalesce((select array_agg(i.state) from run_instances i where i.run_id = $1), '{}') as states
       from (select 1) as one left join run_coordination c on c.run_id = $1`,
    [run.id],
  );
  const { phase = null, setup = false, states = [] } = rows[0] ?? {};
  if (phase === "stopping" || phase === "teardown" || phase === "releasing" || phase === "done") {
    return { stage: "FINISHING", detail: phase === "teardown" ? "teardown()" : null };
  }
  if (run.status === "RUNNING") return { stage: "RUNNING", detail: null };
  const calledHome = states.filter((s) => CALLED_HOME.has(s)).length;
  if (states.length === 0 || calledHome < states.length) {
    return { stage: "ALLOCATING", detail: `${calledHome} of ${states.length} agents called home` };
  }
  const ready = states.filter((s) => READY.has(s)).length;
  if (ready < states.length)
    return { stage: "STARTING", detail: `${ready} of ${states.length} agents ready` };
  return { stage: "STARTING", detail: setup ? "setup() and the common start" : "agents ready" };
}
