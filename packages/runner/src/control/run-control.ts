import type { ExecutionStatus } from "./execution-status.js";

/** What `GET /v1/status` reports, read from the runner at the moment of the request. */
export interface ControlStatus {
  /** Where the run is in its life, as k6 numbers it. */
  status: ExecutionStatus;
  /** Whether the run is paused (including a runner started with `--paused` that waits to start). */
  paused: boolean;
  /** VUs currently running iterations (k6's active VUs). */
  vus: number;
  /** VUs initialised (k6 reports these as `vus-max`). */
  vusMax: number;
  /** Whether the run has been stopped or aborted (k6: the run context is done). */
  stopped: boolean;
  /** Whether the run has started and not yet ended. */
  running: boolean;
  /** Whether any threshold has been breached so far. */
  tainted: boolean;
  /**
   * Whether the run has an externally-controlled scenario. Only then may `vus` and `vus-max` be
   * changed through the API; this field is not sent on the wire.
   */
  externallyControlled: boolean;
}

/** What a metric's values are, as k6 names it (`contains` on the wire). */
export type MetricValueType = "default" | "time" | "data";

/** The fields every metric shares; `sample` keys depend on the metric type. */
interface MetricOf<Type extends string, Sample> {
  /** The metric name; it is also the id in `/v1/metrics/:id`. */
  name: string;
  type: Type;
  contains: MetricValueType;
  /** `null` when the metric has no thresholds, otherwise whether one of them is breached. */
  tainted: boolean | null;
  /** k6's `Sink.Format` values at the time of the request; non-finite numbers are sent as `null`. */
  sample: Sample;
}

/**
 * One metric as `/v1/metrics` shows it. The sample keys are k6's for each type: counters
 * `count` and `rate` (per second of test time), gauges `value`, rates `rate` (fraction of non-zero
 * samples), trends `min`, `max`, `avg`, `med`, `p(90)`, `p(95)`.
 */
export type ControlMetric =
  | MetricOf<"counter", { count: number; rate: number }>
  | MetricOf<"gauge", { value: number }>
  | MetricOf<"rate", { rate: number }>
  | MetricOf<
      "trend",
      { min: number; max: number; avg: number; med: number; "p(90)": number; "p(95)": number }
    >;

/** A check inside a group, with its pass and fail counts so far. */
export interface ControlCheck {
  id: string;
  path: string;
  name: string;
  passes: number;
  fails: number;
}

/**
 * One group of the script's group tree. The root group has name `""`, path `""` and
 * `parentId: null`; k6 derives ids as the hex MD5 of the path (`::outer::inner`).
 */
export interface ControlGroup {
  id: string;
  path: string;
  name: string;
  parentId: string | null;
  checks: ControlCheck[];
}

/**
 * What the control API needs from a runner. Methods that refuse a change throw a
 * {@link ControlError} to choose the HTTP status and title; any other `Error` is reported with
 * k6's status and title for that operation (see `startControlServer`).
 */
export interface RunControl {
  /** The current status; called for every status request and before applying a PATCH. */
  status(): ControlStatus;
  /**
   * Pauses or resumes the run. Resuming a runner started with `--paused` starts the test.
   * A refusal as a plain `Error` is sent as k6's 500 "Pause error".
   */
  setPaused(paused: boolean): void;
  /**
   * Sets the externally-controlled scenario's active VUs. The server has already checked that
   * the run is externally controlled and that `vus` is within `vus-max`; a refusal as a plain
   * `Error` is sent as k6's 400 "Config update error".
   */
  setVUs(vus: number): void;
  /**
   * Sets the externally-controlled scenario's max VUs. The server has already refused changes
   * while the test is running; a refusal as a plain `Error` is sent as 400 "Config update error".
   */
  setMaxVUs(vusMax: number): void;
  /** Aborts the run the way k6 does for `stopped: true`: "test run stopped from REST API", aborted by user. */
  stop(): void;
  /** The metrics observed so far, in the order they should be listed. */
  metrics(): ControlMetric[];
  /** All groups, flattened root first (k6 lists them depth-first, parents before children). */
  groups(): ControlGroup[];
  /** Runs the script's `setup()` once and keeps its result as the setup data. */
  runSetup(): Promise<void>;
  /** The setup data: `undefined` when there is none, otherwise a JSON-serialisable value (`null` included). */
  getSetupData(): unknown;
  /** Replaces the setup data; `undefined` clears it. */
  setSetupData(data: unknown): void;
  /** Runs the script's `teardown(data)` with the current setup data. */
  runTeardown(): Promise<void>;
}
