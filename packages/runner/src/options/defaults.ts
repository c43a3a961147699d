/** Version in the default User-Agent; kept in step with the runner package version. */
const RUNNER_VERSION = "0.1.0";

/** The User-Agent header Barrage sends unless `userAgent` says otherwise (k6 sends `k6/<version> (https://k6.io/)`). */
export const DEFAULT_USER_AGENT = `barrage/${RUNNER_VERSION} (https://github.com/barrage)`;

/** The name k6 gives the scenario made from the `vus` / `duration` / `iterations` / `stages` shortcuts. */
export const DEFAULT_SCENARIO_NAME = "default";

/** k6's default trend columns of the end-of-test summary. */
export const DEFAULT_SUMMARY_TREND_STATS: readonly string[] = ["avg", "min", "med", "max", "p(90)", "p(95)"];

/** The system tags k6 attaches by default (`metrics.DefaultSystemTagSet`). */
export const DEFAULT_SYSTEM_TAGS: readonly string[] = [
  "proto",
  "subproto",
  "status",
  "method",
  "url",
  "name",
  "group",
  "check",
  "error",
  "error_code",
  "tls_version",
  "scenario",
  "service",
  "expected_response",
];

/** Every system tag k6 knows: the defaults plus the ones off by default. */
export const KNOWN_SYSTEM_TAGS: readonly string[] = [
  ...DEFAULT_SYSTEM_TAGS,
  "iter",
  "vu",
  "ocsp_status",
  "ip",
];

const SECOND = 1000;

/** k6's defaults for the options that are not about scenarios (durations in ms). */
export const GLOBAL_DEFAULTS = {
  setupTimeout: 60 * SECOND,
  teardownTimeout: 60 * SECOND,
  userAgent: DEFAULT_USER_AGENT,
  maxRedirects: 10,
  batch: 20,
  batchPerHost: 6,
  minIterationDuration: 0,
} as const;

/** k6's per-scenario defaults (durations in ms). */
export const SCENARIO_DEFAULTS = {
  startTime: 0,
  gracefulStop: 30 * SECOND,
  gracefulRampDown: 30 * SECOND,
  timeUnit: SECOND,
  maxDuration: 600 * SECOND,
  exec: "default",
  vus: 1,
  iterations: 1,
  startVUs: 1,
  startRate: 0,
} as const;

/** k6's `minDuration`: the shortest `duration` / `maxDuration` an executor accepts (stages may be shorter). */
export const MIN_EXECUTOR_DURATION = SECOND;

/** k6's sanity limit on start VUs and stage targets of ramping-vus. */
export const MAX_CONCURRENT_VUS = 100_000_000;
