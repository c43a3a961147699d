import type { parseThresholds } from "@barrage/runner";
import { BUILTIN_METRICS, type MetricInfo } from "@barrage/runner";
import type { MetricType } from "../batch/metric-batch.js";

/** One metric or sub-metric with thresholds, as `parseThresholds` returns it. */
export type ThresholdTarget = ReturnType<typeof parseThresholds>[number];

/**
 * The metrics a run's thresholds bind to, by name: the built-in ones, those the run has series of,
 * and any other a threshold names. The run's script passed validation, where the runner bound the
 * same thresholds to its real metrics, so a metric unknown here is a custom metric that no agent has
 * sampled yet: it gets the type its aggregations imply (any fitting type does, since a metric without
 * samples has no sink and its thresholds pass).
 */
export function runMetricInfos(
  targets: readonly ThresholdTarget[],
  seen: readonly MetricInfo[],
): Map<string, MetricInfo> {
  const known = new Map<string, MetricInfo>();
  for (const metric of [...BUILTIN_METRICS, ...seen]) known.set(metric.name, metric);
  for (const target of targets) {
    if (!known.has(target.metric)) {
      known.set(target.metric, { name: target.metric, type: impliedType(target), contains: "default" });
    }
  }
  return known;
}

function impliedType(target: ThresholdTarget): MetricType {
  const methods = new Set(target.thresholds.map((t) => t.expression.aggregation.method));
  if (methods.has("value")) return "gauge";
  if (methods.has("count")) return "counter";
  if (methods.size === 1 && methods.has("rate")) return "rate";
  return "trend";
}
