import { ExecutionSegmentError, ExecutionTuple } from "../execution/segments/index.js";
import { cliLayer } from "./cli.js";
import { DEFAULT_SUMMARY_TREND_STATS, DEFAULT_SYSTEM_TAGS, GLOBAL_DEFAULTS } from "./defaults.js";
import { IssueList } from "./errors.js";
import { applyLayer, type OptionsLayer, scriptLayer } from "./layers.js";
import { deriveScenarios } from "./shortcuts.js";
import type { CliOverrides, Scenario, TestOptions } from "./types.js";

/**
 * Turns the script's exported `options` (`undefined` when it exports none) and the command line's
 * overrides into the normalized {@link TestOptions}, the way `k6 run` consolidates them: the command
 * line wins over the script; the `vus` / `duration` / `iterations` / `stages` shortcuts become one
 * scenario named `"default"` (or, with none of them and no scenarios, 1 VU runs 1 iteration); every
 * default is k6's.
 *
 * Everything is checked and all problems are reported together in one {@link OptionsError}:
 * unknown option or scenario field, wrong type, negative count, missing required field, unknown
 * executor, shortcut conflicts, `iterations < vus` for shared-iterations, a segment not in its
 * sequence, and externally-controlled on a partial segment (it cannot be distributed).
 *
 * What k6 would only log goes to `onWarning` (for example a `vus` that no scenario uses).
 * Checking that each scenario's `exec` function is exported is left to whoever loads the script.
 *
 * @example
 * normalizeOptions({ vus: 10, duration: "30s" }).scenarios[0]
 * // { name: "default", executor: "constant-vus", vus: 10, duration: 30000, gracefulStop: 30000, ... }
 */
export function normalizeOptions(
  raw: unknown,
  overrides: CliOverrides = {},
  onWarning: (message: string) => void = () => {},
): TestOptions {
  const issues = new IssueList();
  const options = applyLayer(scriptLayer(raw, issues), cliLayer(overrides, issues), onWarning);
  const scenarios = deriveScenarios(options.values, issues, onWarning).sort(
    (a, b) => a.startTime - b.startTime || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  checkSegment(options.values, scenarios, issues);
  issues.throwIfAny();
  return withDefaults(options, scenarios);
}

/**
 * The segment must be in its sequence (k6's `Options.Validate`), and an externally-controlled
 * scenario can only run on the whole test: its VUs are set at run time, so there is nothing to split.
 */
function checkSegment(values: OptionsLayer["values"], scenarios: Scenario[], issues: IssueList): void {
  const { executionSegment: segment, executionSegmentSequence: sequence } = values;
  if (segment === undefined && sequence === undefined) return;
  let tuple: ExecutionTuple;
  try {
    tuple = ExecutionTuple.create(segment?.value, sequence?.value || undefined);
  } catch (error) {
    if (!(error instanceof ExecutionSegmentError)) throw error;
    issues.add((segment ?? sequence)?.path ?? "executionSegment", error.message);
    return;
  }
  if (tuple.isWholeTest) return;
  for (const scenario of scenarios.filter((candidate) => candidate.executor === "externally-controlled")) {
    issues.add(
      `scenarios.${scenario.name}.executor`,
      `externally-controlled cannot be distributed: it only runs on the whole test, but this instance's execution segment is ${tuple.segment}; use another executor or run without a segment`,
    );
  }
}

/** Fills in k6's defaults for everything the sources left unset. */
function withDefaults({ values, ignored }: OptionsLayer, scenarios: Scenario[]): TestOptions {
  const pick = <K extends keyof typeof values>(name: K) => values[name]?.value;
  const summaryTimeUnit = pick("summaryTimeUnit");
  const segment = pick("executionSegment");
  const sequence = pick("executionSegmentSequence");
  const cloud = pick("cloud");
  const hosts = pick("hosts");
  return {
    scenarios,
    thresholds: pick("thresholds") ?? {},
    summaryTrendStats: pick("summaryTrendStats") ?? [...DEFAULT_SUMMARY_TREND_STATS],
    ...(summaryTimeUnit ? { summaryTimeUnit } : {}),
    setupTimeout: pick("setupTimeout") ?? GLOBAL_DEFAULTS.setupTimeout,
    teardownTimeout: pick("teardownTimeout") ?? GLOBAL_DEFAULTS.teardownTimeout,
    noSetup: pick("noSetup") ?? false,
    noTeardown: pick("noTeardown") ?? false,
    paused: pick("paused") ?? false,
    userAgent: pick("userAgent") ?? GLOBAL_DEFAULTS.userAgent,
    insecureSkipTLSVerify: pick("insecureSkipTLSVerify") ?? false,
    noConnectionReuse: pick("noConnectionReuse") ?? false,
    noVUConnectionReuse: pick("noVUConnectionReuse") ?? false,
    maxRedirects: pick("maxRedirects") ?? GLOBAL_DEFAULTS.maxRedirects,
    batch: pick("batch") ?? GLOBAL_DEFAULTS.batch,
    batchPerHost: pick("batchPerHost") ?? GLOBAL_DEFAULTS.batchPerHost,
    discardResponseBodies: pick("discardResponseBodies") ?? false,
    throw: pick("throw") ?? false,
    noCookiesReset: pick("noCookiesReset") ?? false,
    minIterationDuration: pick("minIterationDuration") ?? GLOBAL_DEFAULTS.minIterationDuration,
    tags: pick("tags") ?? {},
    systemTags: pick("systemTags") ?? [...DEFAULT_SYSTEM_TAGS],
    ...(segment ? { executionSegment: segment } : {}),
    ...(sequence ? { executionSegmentSequence: sequence } : {}),
    ...(cloud ? { cloud } : {}),
    ...(hosts ? { hosts } : {}),
    ignoredOptions: ignored,
  };
}
