import { isFinal, type RunEvent, type RunStatus } from "../../graphql/index.js";

/** The stages a run goes through, as the run page shows them. */
export const STAGES = ["validating", "queued", "allocating", "starting", "running", "finishing"] as const;
export type StageKey = (typeof STAGES)[number];

/** Where a stage stands: not yet, now, over, where the run ended early, or never reached. */
export type StageState = "pending" | "active" | "done" | "failed" | "skipped";

export interface Stage {
  key: StageKey;
  state: StageState;
  /** When the stage began, when known. */
  at?: string;
  /** Why the run ended in this stage (on `failed`). */
  reason?: string;
}

/** What the stages are read from: the run's status and event log, and what its live metrics showed. */
export interface StageInputs {
  status: RunStatus;
  /** Every status the run had, oldest first. */
  events: readonly RunEvent[];
  statusReason?: string | null;
  /** The time of the run's first metrics: agents started their VUs. */
  firstMetricsAt?: string | undefined;
  /** When the VUs gauge fell back to 0 after the load (or a stop was asked): teardown and the last evaluation. */
  finishingAt?: string | undefined;
}

/**
 * The stage a run in a status is in. The statuses don't split INITIALIZING (instances allocated,
 * agents calling home and initialising VUs) from the moment agents start, nor the load from the
 * teardown, so RUNNING is "starting" until the first metrics arrive and "finishing" once the load
 * is over.
 */
function stageOfStatus(status: RunStatus, inputs: StageInputs): StageKey {
  switch (status) {
    case "CREATED":
      return "validating";
    case "VALIDATED":
    case "QUEUED":
      return "queued";
    case "INITIALIZING":
      return "allocating";
    default:
      if (inputs.finishingAt) return "finishing";
      return inputs.firstMetricsAt ? "running" : "starting";
  }
}

/** When each stage began, from the first event of each status and the metrics. */
function startTimes(inputs: StageInputs): Partial<Record<StageKey, string>> {
  const first = (statuses: RunStatus[]) => inputs.events.find((e) => statuses.includes(e.status))?.at;
  const times: Partial<Record<StageKey, string>> = {
    validating: first(["CREATED"]),
    queued: first(["VALIDATED", "QUEUED"]),
    allocating: first(["INITIALIZING"]),
    starting: first(["RUNNING"]),
    running: inputs.firstMetricsAt,
    finishing: inputs.finishingAt,
  };
  return Object.fromEntries(Object.entries(times).filter(([, at]) => at !== undefined));
}

/**
 * The run's stages: those before the current one done, the current one active (or, for a run that
 * ended early, failed with the reason), the rest pending (or skipped).
 *
 * @example
 * runStages({ status: "QUEUED", events })
 * // validating done, queued active, allocating..finishing pending
 */
export function runStages(inputs: StageInputs): Stage[] {
  const times = startTimes(inputs);
  const final = isFinal(inputs.status);
  let current: StageKey;
  if (!final) current = stageOfStatus(inputs.status, inputs);
  else if (inputs.status === "FINISHED") current = "finishing";
  else {
    // Where it ended: the stage of the last status before the final one.
    const before = [...inputs.events].reverse().find((e) => !isFinal(e.status));
    current = before ? stageOfStatus(before.status, inputs) : "validating";
  }
  const finalEvent = final ? [...inputs.events].reverse().find((e) => e.status === inputs.status) : undefined;
  const reason = inputs.statusReason ?? finalEvent?.reason ?? undefined;
  const index = STAGES.indexOf(current);
  return STAGES.map((key, i): Stage => {
    const at = times[key];
    let state: StageState;
    if (i < index) state = "done";
    else if (i > index) state = final ? "skipped" : "pending";
    else if (!final) state = "active";
    else state = inputs.status === "FINISHED" ? "done" : "failed";
    const stage: Stage = { key, state };
    if (at !== undefined && state !== "pending" && state !== "skipped") stage.at = at;
    if (state === "failed" && reason) stage.reason = reason;
    return stage;
  });
}

/** A stage's name for people. */
export const STAGE_LABELS: Record<StageKey, string> = {
  validating: "Validating",
  queued: "Queued",
  allocating: "Allocating",
  starting: "Starting",
  running: "Running",
  finishing: "Finishing",
};

/** The end of a run in words, for a failed stage. */
export const FINAL_LABELS: Partial<Record<RunStatus, string>> = {
  FINISHED: "Finished",
  TIMED_OUT: "Timed out",
  ABORTED_BY_USER: "Stopped by a user",
  ABORTED_BY_SYSTEM: "Aborted by the platform",
  ABORTED_BY_SCRIPT_ERROR: "Script error",
  ABORTED_BY_THRESHOLD: "A threshold failed",
  ABORTED_BY_LIMIT: "Over a limit",
};
