/**
 * Test options: the script's exported `options` and the command line's flags, read, checked and
 * normalized the way k6 does it (reference/k6-semantics.md, k6's `lib/options.go`,
 * `lib/executor/*.go`, `cmd/config.go`).
 *
 * - {@link normalizeOptions} is the entry point: it gives a {@link TestOptions} with every value
 *   present and k6's defaults applied (gracefulStop and gracefulRampDown 30 s, timeUnit 1 s,
 *   maxDuration 10 min, exec `"default"`, startTime 0, setup and teardown timeouts 60 s, maxRedirects
 *   10, batch 20, batchPerHost 6, the default summary trend stats and system tags, ...). All
 *   durations are milliseconds.
 * - Shortcuts: `iterations` makes a shared-iterations scenario, else `duration` a constant-vus one,
 *   else `stages` a ramping-vus one, all named `"default"` and using `vus` (1 unless set); with none of
 *   them and no `scenarios`, 1 VU runs 1 iteration. Mixing them with each other or with `scenarios` is
 *   refused as in k6. A command-line `--duration`, `--iterations` or `--stage` replaces the script's
 *   scenarios and shortcuts (k6's precedence); `--vus` alone does not.
 * - Scenarios are discriminated by `executor` ({@link Scenario}) and sorted by start time then name.
 * - Every problem (unknown option or field, wrong type, negative count, missing required field,
 *   unknown executor, conflicts, `iterations < vus`, a segment not in its sequence,
 *   externally-controlled on a partial segment) is collected and thrown together as an
 *   {@link OptionsError} whose issues each name the option path (`scenarios.api.duration`) or the
 *   flag (`--vus`) and say what is allowed, with "did you mean" for near misses.
 * - Options k6 has that Barrage does not act on ({@link IGNORED_OPTIONS}: dns, rps, tlsAuth, ...)
 *   are accepted and returned in `ignoredOptions`; anything else unknown is an error.
 * - {@link parseDuration} reads k6 durations: numbers of ms, Go durations (`"1h2m3.5s"`, `"10us"`)
 *   and days (`"2d"`).
 *
 * @example
 * const options = normalizeOptions(script.options, { vus: 20 }, (warning) => log.warn(warning));
 * for (const scenario of options.scenarios) {
 *   if (scenario.executor === "constant-arrival-rate") scenario.rate; // typed per executor
 * }
 */
export {
  DEFAULT_SCENARIO_NAME,
  DEFAULT_SUMMARY_TREND_STATS,
  DEFAULT_SYSTEM_TAGS,
  DEFAULT_USER_AGENT,
  KNOWN_SYSTEM_TAGS,
} from "./defaults.js";
export { DURATION_HINT, parseDuration } from "./duration.js";
export { OptionsError, type OptionsIssue } from "./errors.js";
export { formatMs } from "./format-ms.js";
export { normalizeOptions } from "./normalize.js";
export { IGNORED_OPTIONS } from "./option-table.js";
export { EXECUTOR_NAMES } from "./scenarios.js";
export type {
  CliOverrides,
  ConstantArrivalRate,
  ConstantVus,
  ExecutorName,
  ExternallyControlled,
  PerVuIterations,
  RampingArrivalRate,
  RampingVus,
  Scenario,
  ScenarioBase,
  SharedIterations,
  Stage,
  SummaryTimeUnit,
  TestOptions,
  ThresholdInput,
} from "./types.js";
