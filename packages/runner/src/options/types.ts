/** The executors k6 has, by the name a scenario's `executor` field uses. */
export type ExecutorName =
  | "shared-iterations"
  | "per-vu-iterations"
  | "constant-vus"
  | "ramping-vus"
  | "constant-arrival-rate"
  | "ramping-arrival-rate"
  | "externally-controlled";

/** One stage of a ramp: reach `target` (VUs, or iterations per `timeUnit`) linearly over `duration` ms. */
export interface Stage {
  /** Length of the stage in ms; 0 makes an instant jump to the target. */
  duration: number;
  /** VUs (ramping-vus) or iterations per timeUnit (ramping-arrival-rate) at the end of the stage. */
  target: number;
}

/** Fields every scenario has, whatever its executor. All durations are in milliseconds. */
export interface ScenarioBase {
  /** The scenario's key in `options.scenarios` (`"default"` for the shortcut options); `[0-9A-Za-z_-]+`. */
  name: string;
  /** Which executor runs it. */
  executor: ExecutorName;
  /** When it starts, relative to the start of the test (default 0). */
  startTime: number;
  /** How long iterations still running at the end get before they are interrupted (default 30 s). */
  gracefulStop: number;
  /** Extra `__ENV` variables for this scenario's VUs. */
  env: Record<string, string>;
  /** Name of the exported function its iterations run (default `"default"`). */
  exec: string;
  /** Tags added to every sample of this scenario. */
  tags: Record<string, string>;
}

/** A fixed number of iterations shared by `vus` VUs; faster VUs do more of them. */
export interface SharedIterations extends ScenarioBase {
  executor: "shared-iterations";
  /** VUs (default 1). */
  vus: number;
  /** Total iterations over all VUs (default 1, at least `vus`). */
  iterations: number;
  /** Hard limit on the run time (default 10 min). */
  maxDuration: number;
}

/** Each of `vus` VUs runs exactly `iterations` iterations. */
export interface PerVuIterations extends ScenarioBase {
  executor: "per-vu-iterations";
  /** VUs (default 1). */
  vus: number;
  /** Iterations per VU (default 1). */
  iterations: number;
  /** Hard limit on the run time (default 10 min). */
  maxDuration: number;
}

/** `vus` VUs loop iterations for `duration`. */
export interface ConstantVus extends ScenarioBase {
  executor: "constant-vus";
  /** VUs (default 1). */
  vus: number;
  /** How long they loop (required, at least 1 s). */
  duration: number;
}

/** The number of looping VUs follows `stages`, starting from `startVUs`. */
export interface RampingVus extends ScenarioBase {
  executor: "ramping-vus";
  /** VUs at the start (default 1). */
  startVUs: number;
  /** The ramp (at least one stage). */
  stages: Stage[];
  /** How long iterations of VUs taken away by a ramp-down get to finish (default 30 s). */
  gracefulRampDown: number;
}

/** Starts `rate` iterations per `timeUnit` for `duration`, whatever the VUs are doing. */
export interface ConstantArrivalRate extends ScenarioBase {
  executor: "constant-arrival-rate";
  /** Iterations started per `timeUnit` (required, above 0). */
  rate: number;
  /** The period `rate` is counted over (default 1 s). */
  timeUnit: number;
  /** How long iterations are started (required, at least 1 s). */
  duration: number;
  /** VUs initialised before the start (required). */
  preAllocatedVUs: number;
  /** Most VUs it may use, initialising more during the run when all are busy (default `preAllocatedVUs`). */
  maxVUs: number;
}

/** Starts iterations at a rate that follows `stages` (iterations per `timeUnit`), from `startRate`. */
export interface RampingArrivalRate extends ScenarioBase {
  executor: "ramping-arrival-rate";
  /** Iterations per `timeUnit` at the start (default 0). */
  startRate: number;
  /** The period rates are counted over (default 1 s). */
  timeUnit: number;
  /** The rate ramp (at least one stage). */
  stages: Stage[];
  /** VUs initialised before the start (required). */
  preAllocatedVUs: number;
  /** Most VUs it may use (default `preAllocatedVUs`). */
  maxVUs: number;
}

/** VUs controlled at run time through the control API; cannot be split across instances. */
export interface ExternallyControlled extends ScenarioBase {
  executor: "externally-controlled";
  /** VUs active at the start (default 0). */
  vus: number;
  /** VUs initialised, the most that can be made active (default `vus`). */
  maxVUs: number;
  /** How long it runs (required); 0 means until stopped. */
  duration: number;
}

/** A normalized scenario: all defaults applied, all durations in ms. Discriminated by `executor`. */
export type Scenario =
  | SharedIterations
  | PerVuIterations
  | ConstantVus
  | RampingVus
  | ConstantArrivalRate
  | RampingArrivalRate
  | ExternallyControlled;

/** A threshold as written in the script: an expression, or an object with abort settings. */
export type ThresholdInput =
  | string
  | {
      /** The expression, like `"p(95)<500"`. */
      threshold: string;
      /** Stop the whole test when the threshold fails. */
      abortOnFail?: boolean;
      /** How long to wait before an `abortOnFail` threshold may abort, as written (`"10s"`). */
      delayAbortEval?: string;
    };

/** How the end-of-test summary shows times. */
export type SummaryTimeUnit = "s" | "ms" | "us";

/**
 * The options of one test run, normalized from the script's `options` export and the command line:
 * every value present, k6's defaults applied, durations in milliseconds, and the `vus` / `duration`
 * / `iterations` / `stages` shortcuts turned into a scenario named `"default"`.
 */
export interface TestOptions {
  /** The scenarios, never empty, ordered by start time then name as k6 runs them. */
  scenarios: Scenario[];
  /** Thresholds per metric (or sub-metric) as written; checked for shape only. */
  thresholds: Record<string, ThresholdInput[]>;
  /** Trend columns of the summary (default avg, min, med, max, p(90), p(95)). */
  summaryTrendStats: string[];
  /** Fixed time unit for the summary; unset means each value picks its own. */
  summaryTimeUnit?: SummaryTimeUnit;
  /** Time limit for `setup()` (default 60 s). */
  setupTimeout: number;
  /** Time limit for `teardown()` (default 60 s). */
  teardownTimeout: number;
  /** Skip `setup()`. */
  noSetup: boolean;
  /** Skip `teardown()`. */
  noTeardown: boolean;
  /** Start paused, waiting for the control API to resume. */
  paused: boolean;
  /** User-Agent header of HTTP requests (default {@link DEFAULT_USER_AGENT}); empty sends none. */
  userAgent: string;
  /** Accept any TLS certificate. */
  insecureSkipTLSVerify: boolean;
  /** Disable keep-alive entirely. */
  noConnectionReuse: boolean;
  /** Do not reuse connections from one iteration to the next. */
  noVUConnectionReuse: boolean;
  /** Redirects followed per request (default 10). */
  maxRedirects: number;
  /** Parallel requests of one `http.batch()` (default 20). */
  batch: number;
  /** Parallel requests per host of one `http.batch()` (default 6). */
  batchPerHost: number;
  /** Read but drop response bodies. */
  discardResponseBodies: boolean;
  /** Throw on failed requests and similar warnings instead of logging them. */
  throw: boolean;
  /** Keep cookies from one iteration to the next. */
  noCookiesReset: boolean;
  /** An iteration shorter than this waits out the rest (ms, default 0). */
  minIterationDuration: number;
  /** Tags added to every sample of the run. */
  tags: Record<string, string>;
  /** System tags attached to samples (default: k6's default set). */
  systemTags: string[];
  /** This instance's execution segment, canonical (`"1/3:2/3"`); unset means the whole test. */
  executionSegment?: string;
  /** The run's segment sequence, canonical (`"0,1/3,2/3,1"`); unset means built from the segment. */
  executionSegmentSequence?: string;
  /** The `cloud` options, passed through untouched. */
  cloud?: Record<string, unknown>;
  /** Host name overrides, name → `"ip"` or `"ip:port"`. */
  hosts?: Record<string, string>;
  /**
   * Options k6 accepts that Barrage recognises but does not act on (see {@link IGNORED_OPTIONS}),
   * with their values as given, so that a caller can warn about them.
   */
  ignoredOptions: Record<string, unknown>;
}

/**
 * The `k6 run` flags that map to options, as a command line parser hands them over. Counts are
 * numbers; durations are strings like `"30s"` (or numbers of ms); repeatable flags are string
 * arrays whose items may also be comma-separated lists, as k6's flags allow. Anything set here wins
 * over the script's options; setting `vus` alone keeps the script's scenarios, but setting any of
 * `duration`, `iterations` or `stages` replaces them (k6's rule). Set only the flags the user gave:
 * a flag's default (k6's `--vus` defaults to 1) passed here would override the script.
 */
export interface CliOverrides {
  /** `--vus` / `-u`. */
  vus?: number;
  /** `--duration` / `-d`. */
  duration?: string | number;
  /** `--iterations` / `-i`. */
  iterations?: number;
  /** `--stage` / `-s`, each `"[duration]:[target]"` like `"30s:10"`. */
  stages?: string[];
  /** `--execution-segment`. */
  executionSegment?: string;
  /** `--execution-segment-sequence`. */
  executionSegmentSequence?: string;
  /** `--paused` / `-p`. */
  paused?: boolean;
  /** `--no-setup`. */
  noSetup?: boolean;
  /** `--no-teardown`. */
  noTeardown?: boolean;
  /** `--max-redirects`. */
  maxRedirects?: number;
  /** `--batch`. */
  batch?: number;
  /** `--batch-per-host`. */
  batchPerHost?: number;
  /** `--user-agent`. */
  userAgent?: string;
  /** `--insecure-skip-tls-verify`. */
  insecureSkipTLSVerify?: boolean;
  /** `--no-connection-reuse`. */
  noConnectionReuse?: boolean;
  /** `--no-vu-connection-reuse`. */
  noVUConnectionReuse?: boolean;
  /** `--min-iteration-duration`. */
  minIterationDuration?: string | number;
  /** `--throw` / `-w`. */
  throw?: boolean;
  /** `--discard-response-bodies`. */
  discardResponseBodies?: boolean;
  /** `--summary-trend-stats`. */
  summaryTrendStats?: string[];
  /** `--summary-time-unit`. */
  summaryTimeUnit?: string;
  /** `--system-tags`. */
  systemTags?: string[];
  /** `--tag`, each `"name=value"`. */
  tags?: string[];
  /** `--rps` (accepted, not acted on). */
  rps?: number;
  /** `--http-debug` (accepted, not acted on). */
  httpDebug?: string;
  /** `--dns` (accepted, not acted on). */
  dns?: string;
  /** `--blacklist-ip` (accepted, not acted on). */
  blacklistIPs?: string[];
  /** `--block-hostnames` (accepted, not acted on). */
  blockHostnames?: string[];
}
