import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/database.js";
import { testRuns } from "../db/schema/runs.js";
import { BarrageError } from "../errors.js";
import { appendRunEvent } from "./events.js";
import { notifyRunChanged } from "./notify.js";

/**
 * The run statuses with their k6 Cloud codes (reference/k6-semantics.md), in the order a run
 * normally goes through them.
 */
export const RUN_STATUS_CODES = {
  CREATED: -2,
  VALIDATED: -1,
  QUEUED: 0,
  INITIALIZING: 1,
  RUNNING: 2,
  FINISHED: 3,
  TIMED_OUT: 4,
  ABORTED_BY_USER: 5,
  ABORTED_BY_SYSTEM: 6,
  ABORTED_BY_SCRIPT_ERROR: 7,
  ABORTED_BY_THRESHOLD: 8,
  ABORTED_BY_LIMIT: 9,
} as const;

/** A run's status. */
export type RunStatus = keyof typeof RUN_STATUS_CODES;

/** Every status, in code order. */
export const RUN_STATUSES = Object.keys(RUN_STATUS_CODES) as RunStatus[];

/** A user may stop a run and the platform may give up on it at any point before it ends. */
const ABORTS = ["ABORTED_BY_USER", "ABORTED_BY_SYSTEM"] as const;

/**
 * Which status may follow which. Terminal statuses have no successor. A script error can surface
 * while validating, bundling (a missing import), initialising VUs on the agents or in `setup()`;
 * limits are checked when admitting and again while queued and running (an organization's limits
 * can be lowered meanwhile); a timeout means agents stopped answering, so it needs agents.
 */
const NEXT: Record<RunStatus, readonly RunStatus[]> = {
  CREATED: ["VALIDATED", "ABORTED_BY_SCRIPT_ERROR", ...ABORTS],
  VALIDATED: ["QUEUED", "ABORTED_BY_SCRIPT_ERROR", "ABORTED_BY_LIMIT", ...ABORTS],
  QUEUED: ["INITIALIZING", "ABORTED_BY_LIMIT", ...ABORTS],
  INITIALIZING: ["RUNNING", "TIMED_OUT", "ABORTED_BY_SCRIPT_ERROR", ...ABORTS],
  RUNNING: [
    "FINISHED",
    "TIMED_OUT",
    "ABORTED_BY_SCRIPT_ERROR",
    "ABORTED_BY_THRESHOLD",
    "ABORTED_BY_LIMIT",
    ...ABORTS,
  ],
  FINISHED: [],
  TIMED_OUT: [],
  ABORTED_BY_USER: [],
  ABORTED_BY_SYSTEM: [],
  ABORTED_BY_SCRIPT_ERROR: [],
  ABORTED_BY_THRESHOLD: [],
  ABORTED_BY_LIMIT: [],
};

/** Whether a run in this status is over: it never changes status again. */
export function isTerminal(status: RunStatus): boolean {
  return NEXT[status].length === 0;
}

/** Whether a run may go from one status to the other (never to the same one). */
export function canTransition(from: RunStatus, to: RunStatus): boolean {
  return NEXT[from].includes(to);
}

/** The statuses that may follow `from`; empty for a terminal status. */
export function nextStatuses(from: RunStatus): readonly RunStatus[] {
  return NEXT[from];
}

/** A transition the status machine does not allow, such as leaving a terminal status. */
export class IllegalRunTransitionError extends BarrageError {
  override name = "IllegalRunTransitionError";

  constructor(
    readonly runId: number,
    readonly from: RunStatus,
    readonly to: RunStatus,
  ) {
    const allowed = NEXT[from].length ? `it may go to ${NEXT[from].join(", ")}` : "it has ended";
    super("CONFLICT", `Run ${runId} cannot go from ${from} to ${to}: ${allowed}`, { from, to });
  }
}

/** What {@link transitionRun} did. */
export interface RunTransition {
  /** False when the run already had the target status, and nothing was written. */
  changed: boolean;
  /** The status before (equal to `to` when nothing changed). */
  from: RunStatus;
  to: RunStatus;
}

/**
 * Moves a run to another status: under a row lock, updates the run (status, reason, `started_at`
 * on RUNNING, `ended_at` on a terminal status), appends a run event and notifies subscribers on
 * commit, all in one transaction (a savepoint when `db` is already a transaction).
 *
 * Idempotent, so a retried pipeline task can call it again: when the run already has status `to`
 * nothing is written. Throws {@link IllegalRunTransitionError} (code CONFLICT) for a transition the
 * machine forbids and a NOT_FOUND {@link BarrageError} for an unknown run.
 *
 * @example
 * await transitionRun(db, runId, "ABORTED_BY_SCRIPT_ERROR", "test.js:3:7 ReferenceError: x is not defined",
 *   { file: "test.js", line: 3, column: 7 });
 */
export async function transitionRun(
  db: Db,
  runId: number,
  to: RunStatus,
  reason: string | null,
  detail?: Record<string, unknown>,
): Promise<RunTransition> {
  return db.transaction(async (tx) => {
    const [run] = await tx
      .select({ status: testRuns.status, organizationId: testRuns.organizationId })
      .from(testRuns)
      .where(eq(testRuns.id, runId))
      .for("update");
    if (!run) throw new BarrageError("NOT_FOUND", `Run ${runId} does not exist`);
    if (run.status === to) return { changed: false, from: to, to };
    if (!canTransition(run.status, to)) throw new IllegalRunTransitionError(runId, run.status, to);
    await tx
      .update(testRuns)
      .set({
        status: to,
        statusReason: reason,
        ...(to === "RUNNING" && { startedAt: sql`now()` }),
        ...(isTerminal(to) && { endedAt: sql`now()` }),
      })
      .where(eq(testRuns.id, runId));
    await appendRunEvent(tx, { runId, status: to, reason, detail });
    await notifyRunChanged(tx, { runId, organizationId: run.organizationId, status: to });
    return { changed: true, from: run.status, to };
  });
}
