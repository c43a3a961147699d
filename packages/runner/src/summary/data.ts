import type { MetricType, ValueContains } from "../thresholds/index.js";

/** A check in k6's summary data: `path` is `::group::...::name`, `id` the MD5 of the path in hex. */
export interface SummaryCheck {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly passes: number;
  readonly fails: number;
}

/** A group in k6's summary data; the root group has name `""` and path `""`. */
export interface SummaryGroup {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly groups: readonly SummaryGroup[];
  readonly checks: readonly SummaryCheck[];
}

/** The options k6 hands to `handleSummary`. */
export interface SummaryOptions {
  /** Trend columns: `avg`, `min`, `med`, `max`, `count`, `p(N)`. */
  readonly summaryTrendStats: readonly string[];
  /** `"s"`, `"ms"`, `"us"`, or `""` for automatic units. */
  readonly summaryTimeUnit: string;
  readonly noColor: boolean;
}

/** The run state k6 hands to `handleSummary`. */
export interface SummaryState {
  readonly isStdOutTTY: boolean;
  readonly isStdErrTTY: boolean;
  readonly testRunDurationMs: number;
}

/**
 * A metric in k6's summary data. `values` per type: counter `{count, rate}`, gauge `{value, min,
 * max}`, rate `{rate, passes, fails}`, trend one entry per `summaryTrendStats` column. `thresholds`
 * maps each threshold expression to its final verdict, and is absent without thresholds.
 */
export interface SummaryMetric {
  readonly type: MetricType;
  readonly contains: ValueContains;
  readonly values: Readonly<Record<string, number>>;
  readonly thresholds?: Readonly<Record<string, { readonly ok: boolean }>>;
}

/**
 * The object k6 (v0.40 and later) passes to `handleSummary(data)`. Sub-metrics are entries of
 * `metrics` named `metric{tag:value,...}`.
 */
export interface SummaryData {
  readonly root_group: SummaryGroup;
  readonly options: SummaryOptions;
  readonly state: SummaryState;
  readonly metrics: Readonly<Record<string, SummaryMetric>>;
}
