import { fromUnits, type Histogram } from "@barrage/hdr-native";
import type { MetricPoint, MetricType } from "../batch/metric-batch.js";
import { clampToRange } from "../clamp.js";

/** Width of the time buckets of metric_derived. */
export const DERIVED_BUCKET_MS = 10_000;

/** The `bucket` of a whole-run metric_derived row (stored as `'-infinity'`). */
export const WHOLE_RUN = Number.NEGATIVE_INFINITY;

/** The quantiles metric_derived keeps for trends, as its columns p50, p90, p95, p99. */
export const DERIVED_QUANTILES: readonly number[] = [0.5, 0.9, 0.95, 0.99];

/**
 * What a metric_derived row accumulates, per series and bucket (or whole run). `count` is a counter's
 * sum, a gauge's or trend's number of samples, a rate's total; `nonzero` is a rate's; `sum` a trend's;
 * `min`/`max` a gauge's or trend's; `hist` a trend's merged histogram. Times are epoch milliseconds.
 */
export interface DerivedState {
  count: number;
  nonzero: number | null;
  sum: number | null;
  min: number | null;
  max: number | null;
  hist: Histogram | null;
  firstStart: number;
  lastEnd: number;
}

/** What a metric_derived row shows, computed from its state. */
export interface DerivedValues {
  /** Counter and trend: count per second; rate: nonzero / total; gauge: null. */
  rate: number | null;
  /** Trends: the values at {@link DERIVED_QUANTILES}; others: null. */
  percentiles: number[] | null;
}

/**
 * The start of the derived bucket a period belongs to: the one holding its midpoint, so that a period
 * ending exactly on a bucket boundary counts in the bucket it covered.
 */
export function derivedBucket(start: number, end: number): number {
  return Math.floor((start + end) / 2 / DERIVED_BUCKET_MS) * DERIVED_BUCKET_MS;
}

/**
 * Adds one period of a series to a derived state (or starts one). Returns a new state and never
 * modifies the point's histogram; `state`'s histogram is left alone too unless `owned` says the
 * caller made that state itself (an earlier call of a fold), when merging in place spares a copy
 * of the whole histogram per period.
 *
 * @example
 * let state = addToDerived(cached, first.point, first.start, first.end);
 * for (const p of rest) state = addToDerived(state, p.point, p.start, p.end, true);
 */
export function addToDerived(
  state: DerivedState | undefined,
  point: MetricPoint,
  start: number,
  end: number,
  owned = false,
): DerivedState {
  const next: DerivedState = state
    ? { ...state, firstStart: Math.min(state.firstStart, start), lastEnd: Math.max(state.lastEnd, end) }
    : {
        count: 0,
        nonzero: null,
        sum: null,
        min: null,
        max: null,
        hist: null,
        firstStart: start,
        lastEnd: end,
      };
  const extremes = (min: number, max: number) => {
    next.min = next.min === null ? min : Math.min(next.min, min);
    next.max = next.max === null ? max : Math.max(next.max, max);
  };
  switch (point.type) {
    case "counter":
      next.count += point.sum;
      break;
    case "gauge":
      next.count += point.count;
      extremes(point.min, point.max);
      break;
    case "rate":
      next.count += point.total;
      next.nonzero = (next.nonzero ?? 0) + point.nonzero;
      break;
    case "trend": {
      next.count += point.count;
      next.sum = (next.sum ?? 0) + point.sum;
      extremes(point.min, point.max);
      if (next.hist && owned) {
        next.hist.merge(point.hist);
      } else {
        const hist = next.hist ? next.hist.clone() : point.hist.clone();
        if (next.hist) hist.merge(point.hist);
        next.hist = hist;
      }
      break;
    }
  }
  return next;
}

/**
 * The rate and percentiles of a derived row. A bucket's per-second rates divide by the bucket's
 * width; the whole run's by the time from the series' first period start to its last period end.
 */
export function derivedValues(state: DerivedState, type: MetricType, bucket: number): DerivedValues {
  const seconds = (bucket === WHOLE_RUN ? state.lastEnd - state.firstStart : DERIVED_BUCKET_MS) / 1000;
  switch (type) {
    case "counter":
      return { rate: state.count / seconds, percentiles: null };
    case "gauge":
      return { rate: null, percentiles: null };
    case "rate":
      return { rate: state.count > 0 ? (state.nonzero ?? 0) / state.count : null, percentiles: null };
    case "trend": {
      const { hist, min, max } = state;
      const percentiles =
        hist && min !== null && max !== null
          ? hist.percentiles(DERIVED_QUANTILES).map((units) => clampToRange(fromUnits(units), min, max))
          : null;
      return { rate: state.count / seconds, percentiles };
    }
  }
}
