import type { Histogram } from "@barrage/hdr-native";

/** k6's four metric types. */
export type MetricType = "counter" | "gauge" | "rate" | "trend";

/** What a metric's values measure (k6's `contains`). */
export type ValueContains = "default" | "time" | "data";

/** The metric types, in the order the store lists them. */
export const METRIC_TYPES: readonly MetricType[] = ["counter", "gauge", "rate", "trend"];

/** The `contains` values. */
export const VALUE_CONTAINS: readonly ValueContains[] = ["default", "time", "data"];

/** What every point of a batch says about its series. */
export interface PointSeries {
  readonly metric: string;
  readonly contains: ValueContains;
  readonly tags: Readonly<Record<string, string>>;
  /** {@link tagsKey} of `tags`. */
  readonly tagsKey: string;
}

/** A counter's period: the sum of its samples. */
export interface CounterPoint extends PointSeries {
  readonly type: "counter";
  readonly sum: number;
}

/** A gauge's period: its last sample and extremes; `count` is at least 1. */
export interface GaugePoint extends PointSeries {
  readonly type: "gauge";
  readonly last: number;
  readonly min: number;
  readonly max: number;
  readonly count: number;
}

/** A rate's period: how many of `total` samples were non-zero. */
export interface RatePoint extends PointSeries {
  readonly type: "rate";
  readonly nonzero: number;
  readonly total: number;
}

/**
 * A trend's period: exact count, sum and extremes in the metric's unit as the runner measured them,
 * and the histogram of `round(value * 1000)`, decoded and checked against them.
 */
export interface TrendPoint extends PointSeries {
  readonly type: "trend";
  readonly count: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
  readonly hist: Histogram;
  /** The encoding as the agent sent it; decoding accepts only canonical encodings, so it is stored as is. */
  readonly hdr: Uint8Array;
}

/** One series' aggregate over the batch's period, validated. */
export type MetricPoint = CounterPoint | GaugePoint | RatePoint | TrendPoint;

/** A validated metric-stream document (docs/platform.md, "Metric stream"). */
export interface MetricBatch {
  /** 1, 2, 3, ... per agent per run. */
  readonly seq: number;
  /** Period start and end, epoch milliseconds. */
  readonly start: number;
  readonly end: number;
  readonly points: readonly MetricPoint[];
}
