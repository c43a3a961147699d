import { isFinal, type RunEvent, type RunStage, type RunStatus } from "../../graphql/index.js";

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
  /** How long it took (milliseconds), when both its start and its end are known. */
  took?: number;
  /** What the active stage waits for (`stageDetail`), e.g. "3 of 4 agents ready". */
  detail?: string;
  /** Why the run ended in this stage (on `failed`). */
  reason?: string;
}

/** The API's stage as the page's; ENDED is none of them. */
const KEY_OF_STAGE: Record<Exclude<RunStage, "ENDED">, StageKey> = {
  VALIDATING: "validating",
  QUEUED: "queued",
  ALLOCATING: "allocating",
  STARTING: "starting",
  RUNNING: "running",
  FINISHING: "finishing",
};

/** The page's stage of an API stage, or undefined for ENDED. */
export const stageKey = (stage: RunStage): StageKey | undefined =>
  stage === "ENDED" ? undefined : KEY_OF_STAGE[stage];

/**
 * The first stage of each live status. A status spans one stage or two (INITIALIZING: allocating
 * then starting; RUNNING: running then finishing), and the event log only has statuses.
 */
const STAGE_OF_STATUS: Partial<Record<RunStatus, StageKey>> = {
  CREATED: "validating",
  VALIDATED: "queued",
  QUEUED: "queued",
  INITIALIZING: "allocating",
  RUNNING: "running",
};

/** The live status each stage belongs to. */
const STATUS_OF_STAGE: Record<StageKey, RunStatus> = {
  validating: "CREATED",
  queued: "QUEUED",
  allocating: "INITIALIZING",
  starting: "INITIALIZING",
  running: "RUNNING",
  finishing: "RUNNING",
};

/** What the stages are read from: the API's stage and status, the event log, what the page saw live. */
export interface StageInputs {
  status: RunStatus;
  /** `TestRun.stage`. */
  stage: RunStage;
  /** `TestRun.stageDetail`. */
  stageDetail?: string | null;
  /** Every status the run had, oldest first. */
  events: readonly RunEvent[];
  statusReason?: string | null;
  /** When the run ended. */
  endedAt?: string | null;
  /**
   * When the page first saw each stage. No status marks the start of `starting` or `finishing`, so
   * their start (and the length of the stage before) is known only when the page watched it happen.
   */
  seenAt?: Partial<Record<StageKey, string>>;
  /** The last stage the page saw before the run ended. */
  lastSeen?: StageKey | undefined;
}

/**
 * The stage an ended run stopped in. The API answers ENDED whatever came before, so it is the stage
 * of the last status before the final one, made finer by what the page saw live within that status
 * (a run that failed while its agents were starting, not allocating). An end decided while running
 * belongs to the running stage even when the page then saw the finishing it caused (agents
 * stopping, teardown), since that is where the run was cut short.
 */
function endedIn(inputs: StageInputs): StageKey {
  const before = [...inputs.events].reverse().find((e) => !isFinal(e.status));
  const fromLog = (before && STAGE_OF_STATUS[before.status]) ?? "validating";
  const seen = inputs.lastSeen;
  if (seen && seen !== "finishing" && STATUS_OF_STAGE[seen] === STATUS_OF_STAGE[fromLog]) return seen;
  return fromLog;
}

/** When each stage began: the first event of its status, or when the page first saw it. */
function startTimes(inputs: StageInputs): Partial<Record<StageKey, string>> {
  const first = (statuses: RunStatus[]) => inputs.events.find((e) => statuses.includes(e.status))?.at;
  const times: Partial<Record<StageKey, string | undefined>> = {
    validating: first(["CREATED"]),
    queued: first(["VALIDATED", "QUEUED"]),
    allocating: first(["INITIALIZING"]),
    starting: inputs.seenAt?.starting,
    running: first(["RUNNING"]),
    finishing: inputs.seenAt?.finishing,
  };
  return Object.fromEntries(Object.entries(times).filter(([, at]) => at !== undefined));
}

/**
 * The run's stages: those before the current one done, the current one active with what it waits
 * for (or, for a run that ended early, failed with the reason), the rest pending (or skipped).
 *
 * @example
 * runStages({ status: "INITIALIZING", stage: "STARTING", stageDetail: "1 of 2 agents ready", events })
 * // validating..allocating done, starting active ("1 of 2 agents ready"), running and finishing pending
 */
export function runStages(inputs: StageInputs): Stage[] {
  const times = startTimes(inputs);
  const final = inputs.stage === "ENDED" || isFinal(inputs.status);
  const finished = final && inputs.status === "FINISHED";
  const current: StageKey = !final
    ? (stageKey(inputs.stage) ?? "validating")
    : finished
      ? "finishing"
      : endedIn(inputs);
  const finalEvent = final ? [...inputs.events].reverse().find((e) => e.status === inputs.status) : undefined;
  const reason = inputs.statusReason ?? finalEvent?.reason ?? undefined;
  const index = STAGES.indexOf(current);
  const stages = STAGES.map((key, i): Stage => {
    let state: StageState;
    if (i < index) state = "done";
    else if (i > index) state = final ? "skipped" : "pending";
    else if (!final) state = "active";
    else state = finished ? "done" : "failed";
    const stage: Stage = { key, state };
    const at = times[key];
    if (at !== undefined && state !== "pending" && state !== "skipped") stage.at = at;
    if (state === "active" && inputs.stageDetail) stage.detail = inputs.stageDetail;
    if (state === "failed" && reason) stage.reason = reason;
    return stage;
  });
  // A stage took from its start to the next stage's, or to the run's end for the last one reached;
  // an unknown start on either side leaves it unsaid rather than lumping two stages together.
  for (const [i, stage] of stages.entries()) {
    if (stage.state !== "done" && stage.state !== "failed") continue;
    const next = stages[i + 1];
    const end = next && next.state !== "skipped" ? next.at : (inputs.endedAt ?? undefined);
    if (stage.at && end) stage.took = Math.max(0, Date.parse(end) - Date.parse(stage.at));
  }
  return stages;
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
