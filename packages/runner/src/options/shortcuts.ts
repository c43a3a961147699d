import { DEFAULT_SCENARIO_NAME } from "./defaults.js";
import type { IssueList } from "./errors.js";
import type { OptionsLayer, Sourced } from "./layers.js";
import { readScenario, readScenarios } from "./scenarios.js";
import type { ExecutorName, Scenario } from "./types.js";

/**
 * Turns the consolidated options into scenarios exactly as k6's `DeriveScenariosFromShortcuts`:
 *
 * - `iterations` → shared-iterations with `vus` and `iterations` (`duration` becomes its maxDuration);
 * - else `duration` → constant-vus with `vus` for `duration` (which must be above 0);
 * - else non-empty `stages` → ramping-vus starting at `vus` VUs;
 * - else non-empty `scenarios` → those;
 * - else one VU running one iteration (per-vu-iterations).
 *
 * All as one scenario named `"default"` whose errors point at the shortcut options themselves.
 * `iterations` or `duration` with non-empty `stages`, and any shortcut with `scenarios`, are
 * refused, as in k6. `vus` is 1 unless set.
 */
export function deriveScenarios(
  values: OptionsLayer["values"],
  issues: IssueList,
  warn: (message: string) => void,
): Scenario[] {
  const { vus, duration, iterations, stages, scenarios } = values;
  const hasStages = stages !== undefined && stages.value.length > 0;
  const conflicts = (shortcut: Sourced<unknown>, name: string): boolean => {
    if (hasStages && name !== "stages") {
      issues.add(
        shortcut.path,
        `\`${name}\` and \`stages\` cannot be used together; keep one of them, or describe the run with scenarios`,
      );
      return true;
    }
    if (scenarios !== undefined) {
      issues.add(
        shortcut.path,
        `\`${name}\` cannot be used together with \`scenarios\`; move it into a scenario or remove it`,
      );
      return true;
    }
    return false;
  };

  if (iterations !== undefined) {
    if (conflicts(iterations, "iterations")) return [];
    return shortcutScenario("shared-iterations", { vus, iterations, maxDuration: duration }, issues);
  }
  if (duration !== undefined) {
    if (conflicts(duration, "duration")) return [];
    if (duration.value <= 0) {
      issues.add(
        duration.path,
        "must be more than 0; for a test that runs until it is stopped, use the externally-controlled executor",
      );
      return [];
    }
    return shortcutScenario("constant-vus", { vus, duration }, issues);
  }
  if (stages !== undefined && hasStages) {
    if (conflicts(stages, "stages")) return [];
    return shortcutScenario("ramping-vus", { startVUs: vus, stages }, issues);
  }
  if (scenarios !== undefined && Object.keys(scenarios.value).length > 0) {
    return readScenarios(scenarios.value, scenarios.path, issues);
  }
  if (vus !== undefined && vus.value !== 1) {
    warn(
      `the \`vus=${vus.value}\` option will be ignored, it only works in conjunction with \`iterations\`, \`duration\`, or \`stages\``,
    );
  }
  if (stages !== undefined)
    warn("`stages` was explicitly set to an empty value, running the script with 1 iteration in 1 VU");
  if (scenarios !== undefined)
    warn("`scenarios` was explicitly set to an empty value, running the script with 1 iteration in 1 VU");
  return shortcutScenario("per-vu-iterations", {}, issues);
}

/** The `"default"` scenario built from shortcut options; each field's errors name the option it came from. */
function shortcutScenario(
  executor: ExecutorName,
  fields: Record<string, Sourced<unknown> | undefined>,
  issues: IssueList,
): Scenario[] {
  const raw: Record<string, unknown> = { executor };
  for (const [field, source] of Object.entries(fields)) {
    if (source !== undefined) raw[field] = source.value;
  }
  const pathOf = (field: string): string =>
    fields[field]?.path ?? `scenarios.${DEFAULT_SCENARIO_NAME}.${field}`;
  const scenario = readScenario(DEFAULT_SCENARIO_NAME, raw, pathOf, issues);
  return scenario ? [scenario] : [];
}
