import type { InsightSet } from "./definition.js";
import { REGISTRY } from "./registry.js";

/**
 * Which insights a test wants, in the shape of k6's `options.cloud.insights` (formerly
 * `options.ext.loadimpact.insights`): ids in `enabled`/`disabled`, sets (`http_load`,
 * `best_practice`, `health`) in `enabledSets`/`disabledSets`.
 *
 * @example { disabled: ["best_practice_third_party_content"], disabledSets: ["health"] }
 */
export interface InsightSwitches {
  enabled?: readonly string[];
  disabled?: readonly string[];
  enabledSets?: readonly string[];
  disabledSets?: readonly string[];
}

/**
 * Whether an insight runs under `switches`. k6 defines each list alone: `disabled` skips the
 * listed insights, `enabled` runs only the listed ones, and the `…Sets` lists do the same by set.
 * When lists are combined, the more specific wins: an id listed in `disabled` or `enabled` decides
 * first, then its set in `disabledSets` or `enabledSets`; an insight in neither runs unless an
 * `enabled` or `enabledSets` list was given (they are allow-lists). Disabling wins a tie.
 *
 * @example isInsightEnabled("health_high_loadgen_cpu_usage", "health", { disabledSets: ["health"] }) // false
 */
export function isInsightEnabled(id: string, set: InsightSet, switches: InsightSwitches = {}): boolean {
  if (switches.disabled?.includes(id)) return false;
  if (switches.enabled?.includes(id)) return true;
  if (switches.disabledSets?.includes(set)) return false;
  if (switches.enabledSets?.includes(set)) return true;
  const allowList = (switches.enabled?.length ?? 0) > 0 || (switches.enabledSets?.length ?? 0) > 0;
  return !allowList;
}

/** A malformed insight switch in a test's options, naming the option. */
export class InsightOptionsError extends Error {
  override name = "InsightOptionsError";
  constructor(
    message: string,
    /** The option's path, e.g. "options.cloud.insights.disabled". */
    readonly option: string,
  ) {
    super(message);
  }
}

/**
 * Reads `options.cloud.insights` (or `options.ext.loadimpact.insights`) from a script's options.
 * Names Barrage does not know (ids, sets, or keys other than the four lists) are returned in
 * `unknown` rather than rejected, so that a k6 script switching off an insight Barrage lacks still
 * runs; the caller may warn about them. Unknown ids stay in the lists, where they match nothing:
 * `enabled: ["some_k6_only_insight"]` still means "none of the others".
 *
 * @throws InsightOptionsError when the value is not an object or a list is not an array of strings.
 * @example
 * const { switches, unknown } = readInsightSwitches(options.cloud?.insights);
 * computeInsights(run, { phase: "final", switches });
 */
export function readInsightSwitches(
  value: unknown,
  path = "options.cloud.insights",
): { switches: InsightSwitches; unknown: string[] } {
  if (value === undefined || value === null) return { switches: {}, unknown: [] };
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new InsightOptionsError(`${path} must be an object, got ${describe(value)}`, path);
  }
  const ids = new Set(REGISTRY.map((d) => d.id));
  const sets = new Set<string>(REGISTRY.map((d) => d.set));
  const switches: InsightSwitches = {};
  const unknown: string[] = [];
  for (const [key, list] of Object.entries(value)) {
    if (!(LISTS as readonly string[]).includes(key)) {
      unknown.push(key);
      continue;
    }
    const option = `${path}.${key}`;
    if (!Array.isArray(list) || !list.every((item) => typeof item === "string")) {
      throw new InsightOptionsError(`${option} must be an array of strings, got ${describe(list)}`, option);
    }
    const known = key.endsWith("Sets") ? sets : ids;
    switches[key as (typeof LISTS)[number]] = [...list];
    unknown.push(...list.filter((item) => !known.has(item)));
  }
  return { switches, unknown };
}

const LISTS = ["enabled", "disabled", "enabledSets", "disabledSets"] as const;

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array with a non-string item";
  return value === null ? "null" : typeof value;
}
