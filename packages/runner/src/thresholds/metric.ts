/** The four k6 metric types. */
export type MetricType = "counter" | "gauge" | "rate" | "trend";

/** What a metric's values measure: plain numbers, milliseconds or bytes (k6's `contains`). */
export type ValueContains = "default" | "time" | "data";

/**
 * A metric or sub-metric as the engine registered it. A sub-metric has its parent's type and
 * `contains`, and its name is `parent{tag:value,...}`.
 */
export interface MetricInfo {
  readonly name: string;
  readonly type: MetricType;
  readonly contains: ValueContains;
}

/** Whole-test counter state: the sum of every sample. */
export interface CounterSink {
  readonly type: "counter";
  readonly count: number;
}

/** Whole-test gauge state: the last sample, and the smallest and largest seen. */
export interface GaugeSink {
  readonly type: "gauge";
  readonly value: number;
  readonly min: number;
  readonly max: number;
}

/** Whole-test rate state: how many samples were non-zero (`passes`) and how many were zero (`fails`). */
export interface RateSink {
  readonly type: "rate";
  readonly passes: number;
  readonly fails: number;
}

/**
 * Whole-test trend state, in the metric's unit (ms for time, bytes for data). `percentile(q)` takes a
 * fraction: `percentile(0.95)` is p(95). The source (exact samples, an HDR histogram, histograms merged
 * from many agents) is the caller's business.
 */
export interface TrendSink {
  readonly type: "trend";
  readonly count: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
  percentile(q: number): number;
}

/**
 * A snapshot of one metric's whole-test aggregate. `type` must match the metric's type; the other
 * fields are in the metric's unit. A metric that has received no sample has no sink (`undefined`).
 */
export type Sink = CounterSink | GaugeSink | RateSink | TrendSink;

/**
 * A counter's per-second rate over the test's elapsed time, as k6 computes it for thresholds and the
 * summary; 0 before any time has elapsed rather than a division by zero.
 *
 * @example counterRate(50, 10_000) // 5
 */
export function counterRate(count: number, elapsedMs: number): number {
  return elapsedMs > 0 ? count / (elapsedMs / 1000) : 0;
}
