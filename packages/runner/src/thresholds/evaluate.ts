import {
  type Aggregation,
  describeAggregations,
  formatAggregation,
  type ThresholdExpression,
} from "./expression.js";
import { counterRate, type Sink } from "./metric.js";

/** The result of checking one threshold: whether it holds, and the aggregated value it was checked on. */
export interface ThresholdOutcome {
  readonly ok: boolean;
  /** The value of the aggregation; `null` when the metric has no data, in which case `ok` is true. */
  readonly value: number | null;
}

/**
 * Computes an aggregation over a whole-test sink, as k6 does for thresholds: a counter's `rate` is per
 * second of `elapsedMs`, a trend's `med` is its 50th percentile. Returns `null` when there is no data:
 * no sink, or a rate or trend sink without samples.
 *
 * @throws {TypeError} when the sink's type does not have the aggregation (the thresholds were not
 *   bound to this metric, or the engine handed the wrong sink)
 */
export function aggregate(
  aggregation: Aggregation,
  sink: Sink | undefined,
  elapsedMs: number,
): number | null {
  if (sink === undefined) return null;
  const method = aggregation.method;
  switch (sink.type) {
    case "counter":
      if (method === "count") return sink.count;
      if (method === "rate") return counterRate(sink.count, elapsedMs);
      break;
    case "gauge":
      if (method === "value") return sink.value;
      break;
    case "rate": {
      const total = sink.passes + sink.fails;
      if (method === "rate") return total > 0 ? sink.passes / total : null;
      break;
    }
    case "trend":
      if (sink.count === 0) return null;
      if (method === "avg") return sink.sum / sink.count;
      if (method === "min") return sink.min;
      if (method === "max") return sink.max;
      if (method === "med") return sink.percentile(0.5);
      if (aggregation.method === "p") return sink.percentile(aggregation.percentile / 100);
      break;
  }
  throw new TypeError(
    `a ${sink.type} sink has no ${formatAggregation(aggregation)} aggregation; it has ${describeAggregations(sink.type)}`,
  );
}

/**
 * Checks one threshold expression against a whole-test sink. A threshold with no data passes, both
 * while the test runs and at its end (reference/k6-semantics.md).
 *
 * @example evaluateThreshold(parseThresholdExpression("rate<0.01", "http_req_failed"),
 *   { type: "rate", passes: 1, fails: 99 }, 30_000) // { ok: false, value: 0.01 }
 */
export function evaluateThreshold(
  expression: ThresholdExpression,
  sink: Sink | undefined,
  elapsedMs: number,
): ThresholdOutcome {
  const value = aggregate(expression.aggregation, sink, elapsedMs);
  return { ok: value === null || compare(value, expression), value };
}

function compare(value: number, { operator, value: limit }: ThresholdExpression): boolean {
  switch (operator) {
    case "<":
      return value < limit;
    case "<=":
      return value <= limit;
    case ">":
      return value > limit;
    case ">=":
      return value >= limit;
    case "==":
    case "===":
      return value === limit;
    case "!=":
      return value !== limit;
  }
}
