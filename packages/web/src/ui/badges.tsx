import type { RunResult, RunStatus } from "../graphql/index.js";

const STATUS_TONE: Record<RunStatus, "neutral" | "active" | "good" | "bad" | "warn"> = {
  CREATED: "neutral",
  VALIDATED: "neutral",
  QUEUED: "neutral",
  INITIALIZING: "active",
  RUNNING: "active",
  FINISHED: "good",
  TIMED_OUT: "bad",
  ABORTED_BY_USER: "warn",
  ABORTED_BY_SYSTEM: "bad",
  ABORTED_BY_SCRIPT_ERROR: "bad",
  ABORTED_BY_THRESHOLD: "bad",
  ABORTED_BY_LIMIT: "bad",
};

/** "ABORTED_BY_USER" → "Aborted by user". */
export const statusLabel = (status: RunStatus): string =>
  status.charAt(0) + status.slice(1).toLowerCase().replaceAll("_", " ");

/** A run's status as a colored badge. */
export function StatusBadge({ status }: { status: RunStatus }) {
  return (
    <span class={`badge tone-${STATUS_TONE[status]}`} data-status={status}>
      {statusLabel(status)}
    </span>
  );
}

/** A finished run's verdict; nothing before it has one. */
export function ResultBadge({ result }: { result: RunResult | null | undefined }) {
  if (!result) return <span class="muted">–</span>;
  const tone = result === "PASSED" ? "good" : "bad";
  return (
    <span class={`badge tone-${tone}`} data-result={result}>
      {result === "PASSED" ? "Passed" : result === "FAILED" ? "Failed" : "Error"}
    </span>
  );
}
