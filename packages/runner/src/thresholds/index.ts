/**
 * k6 thresholds: parse `options.thresholds`, bind them to the test's metrics, evaluate them on
 * whole-test sinks. Pure code: the numbers may come from this process's engine or from many agents.
 *
 * @example
 * const set = bindThresholds(parseThresholds(options.thresholds), registry.metrics());
 * engine.keepSubMetrics(set.subMetrics);
 * const round = set.evaluate((name) => engine.sink(name), elapsedMs, "periodic");
 * if (round.abort) abortTest(round.abort.message);
 */
export { type BoundTarget, bindThresholds } from "./bind.js";
export { parseThresholds, type ThresholdSpec, type ThresholdTarget } from "./config.js";
export { parseDurationMs } from "./duration.js";
export { ThresholdError } from "./errors.js";
export { aggregate, evaluateThreshold, type ThresholdOutcome } from "./evaluate.js";
export {
  AGGREGATIONS_BY_TYPE,
  type Aggregation,
  describeAggregations,
  formatAggregation,
  type NamedAggregation,
  type Operator,
  parseThresholdExpression,
  type ThresholdExpression,
} from "./expression.js";
export {
  type CounterSink,
  counterRate,
  type GaugeSink,
  type MetricInfo,
  type MetricType,
  type RateSink,
  type Sink,
  type TrendSink,
  type ValueContains,
} from "./metric.js";
export { parseDecimal, parsePercentile } from "./percentile.js";
export {
  makeSubMetric,
  parseThresholdKey,
  type SubMetricSpec,
  sameSubMetric,
  type ThresholdKey,
} from "./sub-metric.js";
export {
  type EvaluationPhase,
  type SinkLookup,
  type ThresholdAbort,
  type ThresholdResult,
  type ThresholdRound,
  ThresholdSet,
} from "./threshold-set.js";
