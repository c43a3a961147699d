import type { RunStatus } from "../../graphql/index.js";
import { formatDuration } from "../../ui/index.js";
import { FINAL_LABELS, STAGE_LABELS, type Stage } from "./stages.js";

const ICONS = { pending: "○", active: "◉", done: "✓", failed: "✕", skipped: "–" } as const;

/**
 * The stages of a run as a row of steps: how long each took, where it is and what it waits for,
 * where it ended and why.
 */
export function RunStages({ stages, status }: { stages: readonly Stage[]; status: RunStatus }) {
  return (
    <ol class="stages" data-testid="stages">
      {stages.map((stage) => (
        <li
          key={stage.key}
          class={`stage stage-${stage.state}`}
          data-stage={stage.key}
          data-state={stage.state}
          aria-current={stage.state === "active" ? "step" : undefined}
        >
          <span class="stage-icon" aria-hidden="true">
            {ICONS[stage.state]}
          </span>
          <span class="stage-name">{STAGE_LABELS[stage.key]}</span>
          {stage.took !== undefined && stage.state === "done" && (
            <span class="stage-time">{formatDuration(stage.took)}</span>
          )}
          {stage.state === "active" && <span class="stage-time">now</span>}
          {stage.detail && (
            <span class="stage-detail" data-testid="stage-detail">
              {stage.detail}
            </span>
          )}
          {stage.state === "failed" && (
            <span class="stage-reason">
              <strong>{FINAL_LABELS[status] ?? status}</strong>
              {stage.took !== undefined && (
                <span class="stage-time"> after {formatDuration(stage.took)}</span>
              )}
              {/* A reason that only repeats the label ("Stopped by a user") is said once. */}
              {stage.reason && stage.reason !== (FINAL_LABELS[status] ?? status) && (
                <pre class="reason">{stage.reason}</pre>
              )}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}
