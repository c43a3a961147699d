import type { Db } from "../db/database.js";
import { runEvents } from "../db/schema/runs.js";
import type { RunStatus } from "./status.js";

/** One entry of a run's event log. */
export interface RunEventInput {
  runId: number;
  status: RunStatus;
  /** Why, in words a person reads in the run's history; null when the status says it all. */
  reason: string | null;
  /** Machine-readable detail, such as the file, line and column of a script error. */
  detail?: Record<string, unknown> | undefined;
}

/**
 * Appends an entry to a run's event log. Only the code that sets a run's status calls it (run
 * creation and `transitionRun`), so the log holds exactly one entry per status the run had.
 */
export async function appendRunEvent(db: Db, event: RunEventInput): Promise<void> {
  await db.insert(runEvents).values({
    runId: event.runId,
    status: event.status,
    reason: event.reason,
    detail: event.detail ?? null,
  });
}
