import { attempt, ControlError } from "./control-error.js";
import type { ControlStatus, RunControl } from "./run-control.js";
import type { StatusPatch } from "./status-patch.js";

/**
 * Applies a parsed `PATCH /v1/status` the way k6 does: `stopped: true` aborts and ignores the rest;
 * otherwise `paused` is applied first, then `vus` and `vus-max` together, and the first refusal
 * ends the request (changes already applied stay applied, as in k6).
 *
 * @throws ControlError with k6's status and title for the step that was refused
 */
export async function applyStatusPatch(control: RunControl, patch: StatusPatch): Promise<void> {
  if (patch.stopped) {
    control.stop();
    return;
  }
  const { paused } = patch;
  if (paused !== undefined) {
    await attempt(() => control.setPaused(paused), 500, "Pause error");
  }
  if (patch.vus !== undefined || patch.vusMax !== undefined) {
    await updateVUs(control, control.status(), patch);
  }
}

async function updateVUs(control: RunControl, current: ControlStatus, patch: StatusPatch): Promise<void> {
  if (!current.externallyControlled) {
    throw new ControlError(
      500,
      "Execution config error",
      "an externally-controlled executor needs to be configured for live configuration updates",
    );
  }
  const vus = patch.vus ?? current.vus;
  const vusMax = patch.vusMax ?? current.vusMax;
  const changesMax = patch.vusMax !== undefined && patch.vusMax !== current.vusMax;
  const problems = configProblems(vus, vusMax, changesMax && current.running, current.vusMax);
  if (problems.length > 0) {
    throw new ControlError(
      400,
      "Config update error",
      `invalid configuration supplied: ${problems.join(", ")}`,
    );
  }

  // Raise the cap before adding VUs and remove VUs before lowering it, so that the runner never
  // sees more active VUs than max VUs in between the two calls.
  const raisesMax = changesMax && vusMax > current.vusMax;
  const configError = [400, "Config update error"] as const;
  if (raisesMax) await attempt(() => control.setMaxVUs(vusMax), ...configError);
  if (patch.vus !== undefined) await attempt(() => control.setVUs(vus), ...configError);
  if (changesMax && !raisesMax) await attempt(() => control.setMaxVUs(vusMax), ...configError);
}

function configProblems(vus: number, vusMax: number, maxChangedWhileRunning: boolean, currentMax: number) {
  const problems: string[] = [];
  if (vus < 0) problems.push("the number of VUs can't be negative");
  if (vusMax < vus) {
    problems.push(
      `the number of active VUs (${vus}) must be less than or equal to the number of maxVUs (${vusMax})`,
    );
  }
  if (maxChangedWhileRunning) {
    problems.push(
      `the number of maxVUs can't be changed while the test is running (it is ${currentMax}); ` +
        "set vus-max before the test starts, on a runner started paused",
    );
  }
  return problems;
}
