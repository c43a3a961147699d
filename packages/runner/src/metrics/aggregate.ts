import { fromUnits, Histogram, toUnits } from "@barrage/hdr-native";
import type { MetricType } from "./metric.js";

/** A counter's values over some span: their sum. */
export interface CounterAggregate {
  type: "counter";
  sum: number;
}
/** A gauge's values over some span: the last, and the extremes. */
export interface GaugeAggregate {
  type: "gauge";
  last: number;
  min: number;
  max: number;
  count: number;
}
/** A rate's values over some span: how many were non-zero, of how many. */
export interface RateAggregate {
  type: "rate";
  nonzero: number;
  total: number;
}
/**
 * A trend's values over some span: exact count, sum and extremes in the metric's unit, and the
 * HDR histogram of the values in integer units (value x 1000) that percentiles are read from.
 */
export interface TrendAggregate {
  type: "trend";
  count: number;
  sum: number;
  min: number;
  max: number;
  hist: Histogram;
}

/**
 * The aggregate of one metric's samples over a span of time. The same shape serves the
 * one-second period aggregates the runner streams and the whole-test sinks thresholds and the
 * summary read, because a whole test is the merge of its periods.
 */
export type Aggregate = CounterAggregate | GaugeAggregate | RateAggregate | TrendAggregate;

/** An empty aggregate for a metric type. */
export function emptyAggregate(type: MetricType): Aggregate {
  switch (type) {
    case "counter":
      return { type, sum: 0 };
    case "gauge":
      return { type, last: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY, count: 0 };
    case "rate":
      return { type, nonzero: 0, total: 0 };
    case "trend":
      return {
        type,
        count: 0,
        sum: 0,
        min: Number.POSITIVE_INFINITY,
        max: Number.NEGATIVE_INFINITY,
        hist: new Histogram(),
      };
  }
}

/** Adds one sample to an aggregate. */
export function addSample(agg: Aggregate, value: number): void {
  switch (agg.type) {
    case "counter":
      agg.sum += value;
      return;
    case "gauge":
      agg.last = value;
      if (value < agg.min) agg.min = value;
      if (value > agg.max) agg.max = value;
      agg.count++;
      return;
    case "rate":
      agg.total++;
      if (value !== 0) agg.nonzero++;
      return;
    case "trend":
      agg.count++;
      agg.sum += value;
      if (value < agg.min) agg.min = value;
      if (value > agg.max) agg.max = value;
      agg.hist.record(toUnits(value));
      return;
  }
}

/** Merges `from` into `into`; both must be of the same metric type. */
export function mergeAggregate(into: Aggregate, from: Aggregate): void {
  switch (into.type) {
    case "counter":
      into.sum += (from as CounterAggregate).sum;
      return;
    case "gauge": {
      const g = from as GaugeAggregate;
      if (g.count === 0) return;
      into.last = g.last;
      into.min = Math.min(into.min, g.min);
      into.max = Math.max(into.max, g.max);
      into.count += g.count;
      return;
    }
    case "rate": {
      const r = from as RateAggregate;
      into.nonzero += r.nonzero;
      into.total += r.total;
      return;
    }
    case "trend": {
      const t = from as TrendAggregate;
      if (t.count === 0) return;
      into.count += t.count;
      into.sum += t.sum;
      into.min = Math.min(into.min, t.min);
      into.max = Math.max(into.max, t.max);
      into.hist.merge(t.hist);
      return;
    }
  }
}

/** Empties an aggregate in place, keeping its storage for the next period. */
export function resetAggregate(agg: Aggregate): void {
  switch (agg.type) {
    case "counter":
      agg.sum = 0;
      return;
    case "gauge":
      agg.last = 0;
      agg.min = Number.POSITIVE_INFINITY;
      agg.max = Number.NEGATIVE_INFINITY;
      agg.count = 0;
      return;
    case "rate":
      agg.nonzero = 0;
      agg.total = 0;
      return;
    case "trend":
      agg.count = 0;
      agg.sum = 0;
      agg.min = Number.POSITIVE_INFINITY;
      agg.max = Number.NEGATIVE_INFINITY;
      agg.hist.reset();
      return;
  }
}

/** Whether an aggregate saw no sample (a counter that saw only zeros counts as having data). */
export function isEmptyAggregate(agg: Aggregate): boolean {
  switch (agg.type) {
    case "counter":
      return false;
    case "gauge":
      return agg.count === 0;
    case "rate":
      return agg.total === 0;
    case "trend":
      return agg.count === 0;
  }
}

/** A trend's percentile in the metric's unit, clamped to the exact extremes. q is in [0, 1]. */
export function trendPercentile(agg: TrendAggregate, q: number): number {
  if (agg.count === 0) return 0;
  return Math.min(agg.max, Math.max(agg.min, fromUnits(agg.hist.percentile(q))));
}
