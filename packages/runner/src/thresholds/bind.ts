import type { ThresholdTarget } from "./config.js";
import { ThresholdError } from "./errors.js";
import { AGGREGATIONS_BY_TYPE, describeAggregations, formatAggregation } from "./expression.js";
import type { MetricInfo } from "./metric.js";
import { suggestNames } from "./suggest.js";
import { ThresholdSet } from "./threshold-set.js";

/** A threshold target whose metric is known: `metric` describes the metric or sub-metric (`name`). */
export interface BoundTarget extends ThresholdTarget {
  readonly info: MetricInfo;
}

/**
 * Checks parsed thresholds against the metrics that exist once the script's init context has run
 * (built-in and custom), and returns the evaluator for them.
 *
 * @param targets the output of `parseThresholds`
 * @param metrics every registered metric (sub-metrics are derived from the targets)
 * @throws {ThresholdError} for an unknown metric, suggesting near names, or for an aggregation the
 *   metric's type does not have, listing those it has
 */
export function bindThresholds(
  targets: readonly ThresholdTarget[],
  metrics: Iterable<MetricInfo>,
): ThresholdSet {
  const known = new Map<string, MetricInfo>();
  for (const metric of metrics) known.set(metric.name, metric);
  return new ThresholdSet(targets.map((target) => bindTarget(target, known)));
}

function bindTarget(target: ThresholdTarget, known: ReadonlyMap<string, MetricInfo>): BoundTarget {
  const metric = known.get(target.metric);
  if (metric === undefined) {
    const near = suggestNames(target.metric, known.keys());
    const hint = near.length > 0 ? `; did you mean ${near.map((n) => JSON.stringify(n)).join(" or ")}?` : ".";
    throw new ThresholdError(
      `invalid threshold key ${JSON.stringify(target.key)}: no metric named ${JSON.stringify(target.metric)}${hint} ` +
        `Thresholds apply to built-in metrics and to custom metrics created in the init context, e.g. new Trend(${JSON.stringify(target.metric)})`,
      target.key,
    );
  }
  for (const { key, expression } of target.thresholds) {
    if (!AGGREGATIONS_BY_TYPE[metric.type].includes(expression.aggregation.method)) {
      throw new ThresholdError(
        `invalid threshold ${JSON.stringify(expression.source)} on ${JSON.stringify(key)}: ${metric.name} is a ${metric.type} metric, ` +
          `which has no ${formatAggregation(expression.aggregation)}; use ${describeAggregations(metric.type)}`,
        key,
        expression.source,
      );
    }
  }
  return { ...target, info: { name: target.name, type: metric.type, contains: metric.contains } };
}
