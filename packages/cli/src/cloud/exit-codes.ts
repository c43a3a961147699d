import { ExitCode } from "@barrage/runner";

/** k6's exit codes of `k6 cloud` that `barrage run` has no use for. */
export const CloudExitCode = {
  /** The cloud run failed: it timed out, was refused or aborted by the platform. */
  testRunFailed: 97,
  /** The CLI lost track of the run: the API stopped answering. */
  failedToGetProgress: 98,
} as const;

/** A run's status as the API reports it. */
export type RunStatus =
  | "CREATED"
  | "VALIDATED"
  | "QUEUED"
  | "INITIALIZING"
  | "RUNNING"
  | "FINISHED"
  | "TIMED_OUT"
  | "ABORTED_BY_USER"
  | "ABORTED_BY_SYSTEM"
  | "ABORTED_BY_SCRIPT_ERROR"
  | "ABORTED_BY_THRESHOLD"
  | "ABORTED_BY_LIMIT";

const ONGOING: readonly RunStatus[] = ["CREATED", "VALIDATED", "QUEUED", "INITIALIZING", "RUNNING"];

/** Whether a run in this status has ended. */
export function hasEnded(status: RunStatus): boolean {
  return !ONGOING.includes(status);
}

/**
 * The exit code of `barrage cloud` for how its run ended, as `k6 cloud` exits: 0 when it finished
 * with thresholds passed (or none), 99 when thresholds failed (at the end or by aborting it), 107 for
 * a script error, 105 when a user stopped it, 97 for anything else the platform ended it with.
 */
export function cloudExitCode(status: RunStatus, result: string | null): number {
  switch (status) {
    case "FINISHED":
      if (result === "FAILED") return ExitCode.thresholdsFailed;
      return result === "ERROR" ? CloudExitCode.testRunFailed : ExitCode.ok;
    case "ABORTED_BY_THRESHOLD":
      return ExitCode.thresholdsFailed;
    case "ABORTED_BY_SCRIPT_ERROR":
      return ExitCode.scriptException;
    case "ABORTED_BY_USER":
      return ExitCode.externalAbort;
    default:
      return CloudExitCode.testRunFailed;
  }
}
