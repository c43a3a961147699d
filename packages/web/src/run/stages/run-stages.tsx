import type { RunStatus } from "../../graphql/index.js";
import { formatDuration } from "../../ui/index.js";
import { FINAL_LABELS, STAGE_LABELS, type Stage } from "./stages.js";

const ICONS = { pending: "○", active: "◉", done: "✓", failed: "✕", skipped: "–" } as const;

/** The stages of a run as a row of steps: how long each took, where it is, where it ended and why. */
export function RunStages({
  stages,
  status,
  endedAt,
}: {
  stages: readonly Stage[];
  status: RunStatus;
  endedAt: string | null;
}) {
  return (
    <ol class="stages" data-testid="stages">
      {stages.map((stage, i) => {
        const next = stages.slice(i + 1).find((s) => s.at)?.at ?? endedAt ?? undefined;
        const took =
          stage.at && next && stage.state === "done" ? Date.parse(next) - Date.parse(stage.at) : undefined;
        return (
          <li
            key={stage.key}
            class={`stage stage-${stage.state}`}
            data-stage={stage.key}
            data-state={stage.state}
          >
            <span class="stage-icon" aria-hidden="true">
              {ICONS[stage.state]}
            </span>
            <span class="stage-name">{STAGE_LABELS[stage.key]}</span>
            {took !== undefined && <span class="stage-time">{formatDuration(took)}</span>}
            {stage.state === "active" && <span class="stage-time">now</span>}
            {stage.state === "failed" && (
              <span class="stage-reason">
                <strong>{FINAL_LABELS[status] ?? status}</strong>
                {stage.reason && <pre class="reason">{stage.reason}</pre>}
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}
