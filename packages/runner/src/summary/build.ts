import { counterRate, type MetricInfo, type Sink } from "../thresholds/index.js";
import type { SummaryData, SummaryMetric, SummaryOptions, SummaryState } from "./data.js";
import { type GroupInput, summarizeGroups } from "./groups.js";
import { resolveSummaryOptions, type TrendStat, trendStat } from "./options.js";

/** A metric or sub-metric to summarize, with its whole-test sink (`undefined`: it got no sample). */
export interface SummaryMetricInput {
  readonly metric: MetricInfo;
  readonly sink: Sink | undefined;
}

/** A threshold's final verdict; `ThresholdRound.results` entries fit. */
export interface ThresholdVerdict {
  /** The metric or sub-metric name. */
  readonly name: string;
  /** The expression as written. */
  readonly source: string;
  readonly ok: boolean;
}

/** Everything the end-of-test summary is made from. */
export interface SummaryInput {
  /**
   * The metrics to show, sub-metrics included under their `metric{tags}` names. k6 shows the metrics
   * that received samples and those with thresholds (which may have no sink).
   */
  readonly metrics: readonly SummaryMetricInput[];
  /** The root group (name `""`) with its checks and nested groups. */
  readonly rootGroup: GroupInput;
  /** The final threshold verdicts. */
  readonly thresholds?: readonly ThresholdVerdict[];
  readonly testRunDurationMs: number;
  /** k6 summary options; missing ones get k6's defaults. */
  readonly options?: Partial<SummaryOptions>;
  readonly state?: Partial<Omit<SummaryState, "testRunDurationMs">>;
}

/**
 * Builds the object k6 hands to `handleSummary(data)`, in k6's exact shape.
 *
 * @throws {Error} for invalid `summaryTrendStats` or `summaryTimeUnit` (see `resolveSummaryOptions`)
 */
export function buildSummaryData(input: SummaryInput): SummaryData {
  const options = resolveSummaryOptions(input.options);
  const columns = options.summaryTrendStats.map((column): [string, TrendStat] => [column, trendStat(column)]);
  const verdicts = groupVerdicts(input.thresholds ?? []);

  const metrics: Record<string, SummaryMetric> = {};
  for (const { metric, sink } of input.metrics) {
    const thresholds = verdicts.get(metric.name);
    metrics[metric.name] = {
      type: metric.type,
      contains: metric.contains,
      values: summaryValues(metric, sink, columns, input.testRunDurationMs),
      ...(thresholds && { thresholds }),
    };
  }
  return {
    root_group: summarizeGroups(input.rootGroup),
    options,
    state: {
      isStdOutTTY: input.state?.isStdOutTTY ?? false,
      isStdErrTTY: input.state?.isStdErrTTY ?? false,
      testRunDurationMs: input.testRunDurationMs,
    },
    metrics,
  };
}

/**
 * The `values` of one metric, as k6's summary computes them; a metric without samples gets k6's
 * empty-sink values, all zero.
 */
function summaryValues(
  metric: MetricInfo,
  sink: Sink | undefined,
  columns: readonly [string, TrendStat][],
  durationMs: number,
): Record<string, number> {
  if (sink !== undefined && sink.type !== metric.type) {
    throw new TypeError(
      `metric ${JSON.stringify(metric.name)} is a ${metric.type} but its sink is a ${sink.type}`,
    );
  }
  switch (metric.type) {
    case "counter": {
      const count = sink?.type === "counter" ? sink.count : 0;
      return { count, rate: counterRate(count, durationMs) };
    }
    case "gauge":
      return sink?.type === "gauge"
        ? { value: sink.value, min: sink.min, max: sink.max }
        : { value: 0, min: 0, max: 0 };
    case "rate": {
      const passes = sink?.type === "rate" ? sink.passes : 0;
      const fails = sink?.type === "rate" ? sink.fails : 0;
      return { rate: passes + fails > 0 ? passes / (passes + fails) : 0, passes, fails };
    }
    case "trend": {
      const trend = sink?.type === "trend" && sink.count > 0 ? sink : undefined;
      return Object.fromEntries(columns.map(([column, stat]) => [column, trend ? stat(trend) : 0]));
    }
  }
}

function groupVerdicts(verdicts: readonly ThresholdVerdict[]): Map<string, Record<string, { ok: boolean }>> {
  const byMetric = new Map<string, Record<string, { ok: boolean }>>();
  for (const { name, source, ok } of verdicts) {
    const sources = byMetric.get(name) ?? {};
    // The same expression twice on one metric is one entry in k6's map; it holds only if both do.
    sources[source] = { ok: ok && (sources[source]?.ok ?? true) };
    byMetric.set(name, sources);
  }
  return byMetric;
}
