import type { MetricInfo } from "@barrage/runner";
import { buildSummaryData, parseThresholds, type Sink, type SummaryData } from "@barrage/runner";
import type pg from "pg";
import { runMetricInfos, type ThresholdTarget } from "../thresholds/bind-run-thresholds.js";
import { queryThresholdResults } from "../thresholds/threshold-results.js";
import { queryCheckGroups } from "./check-groups.js";
import { queryMetricSpan } from "./metric-span.js";
import { queryRunMetrics } from "./run-metrics.js";
import { querySinks, type SinkTarget } from "./sinks.js";

/** The names of the metrics agents report about themselves start with this. */
export const AGENT_METRIC_PREFIX = "barrage_agent_";

/** What shapes a run's summary besides its data. */
export interface RunSummaryOptions {
  /**
   * The script's `options.thresholds`: their sub-metrics are shown, and so are metrics with thresholds
   * but no samples; each threshold's verdict is its latest row in threshold_results. Without it the
   * summary shows no thresholds.
   */
  thresholds?: unknown;
  /** k6's `summaryTrendStats` (default avg, min, med, max, p(90), p(95)). */
  summaryTrendStats?: readonly string[];
  /** k6's `summaryTimeUnit`. */
  summaryTimeUnit?: string;
  /** The run's test time; default: from the first period's start to the last period's end. */
  testRunDurationMs?: number;
}

/**
 * The k6 end-of-test summary data (`handleSummary`'s argument; render it with the runner's
 * `textSummary`) of a run, computed from the aggregate of all its agents: counters and rates summed,
 * gauges by the summed-gauge rule (vus and vus_max summed over agents, others last reported), trend
 * percentiles from the histograms merged in the database, checks and groups from the `checks` series.
 *
 * @throws Error for invalid summaryTrendStats or summaryTimeUnit, ThresholdError for invalid thresholds
 * @example
 * const data = await queryRunSummary(pool, runId, { thresholds: options.thresholds });
 * console.log(textSummary(data, { indent: " ", enableColors: false }));
 */
export async function queryRunSummary(
  pool: pg.Pool,
  runId: number,
  options: RunSummaryOptions = {},
): Promise<SummaryData> {
  const summaryOptions = {
    ...(options.summaryTrendStats && { summaryTrendStats: options.summaryTrendStats }),
    ...(options.summaryTimeUnit !== undefined && { summaryTimeUnit: options.summaryTimeUnit }),
  };
  const quantiles = summaryQuantiles(summaryOptions);
  // The agents' own CPU and memory are the platform's, not the test's: k6 Cloud keeps them out of
  // the summary too. They stay in the metric list and time series, and feed the insights.
  const seen = (await queryRunMetrics(pool, runId)).filter((m) => !m.name.startsWith(AGENT_METRIC_PREFIX));
  const targets = parseThresholds(options.thresholds);
  const infos = runMetricInfos(targets, seen);

  const shown: MetricInfo[] = [...seen];
  const selections: SinkTarget[] = seen.map((m) => ({
    name: m.name,
    metric: m.name,
    tags: {},
    type: m.type,
  }));
  for (const target of targets) {
    const info = infos.get(target.metric) as MetricInfo;
    if (!shown.some((m) => m.name === target.metric)) shown.push(info);
    if (target.subMetric) {
      shown.push({ ...info, name: target.name });
      selections.push({
        name: target.name,
        metric: target.metric,
        tags: target.subMetric.tags,
        type: info.type,
      });
    }
  }
  const [sinks, rootGroup, verdicts, durationMs] = await Promise.all([
    querySinks(pool, runId, selections, quantiles),
    queryCheckGroups(pool, runId),
    queryVerdicts(pool, runId, targets),
    options.testRunDurationMs ??
      queryMetricSpan(pool, runId).then((span) => (span ? span.to - span.from : 0)),
  ]);
  return buildSummaryData({
    metrics: shown.map((metric) => ({ metric, sink: sinks.get(metric.name) })),
    rootGroup,
    thresholds: verdicts,
    testRunDurationMs: durationMs,
    options: summaryOptions,
  });
}

/**
 * The quantiles the summary's trend columns read (`med`, `p(N)`), found by letting the runner's
 * summary builder read a probe sink: so the column syntax is the runner's alone, and invalid columns
 * fail here, before any query.
 */
function summaryQuantiles(options: {
  summaryTrendStats?: readonly string[];
  summaryTimeUnit?: string;
}): number[] {
  const asked = new Set<number>();
  const probe: Sink = {
    type: "trend",
    count: 1,
    sum: 0,
    min: 0,
    max: 0,
    percentile: (q) => {
      asked.add(q);
      return 0;
    },
  };
  buildSummaryData({
    metrics: [{ metric: { name: "probe", type: "trend", contains: "default" }, sink: probe }],
    rootGroup: { name: "", groups: [], checks: [] },
    testRunDurationMs: 0,
    options,
  });
  return [...asked];
}

/** The latest verdict of each of the thresholds (rows of thresholds no longer in the option are ignored). */
async function queryVerdicts(
  pool: pg.Pool,
  runId: number,
  targets: readonly ThresholdTarget[],
): Promise<{ name: string; source: string; ok: boolean }[]> {
  const rows = await queryThresholdResults(pool, runId);
  const current = new Set(
    targets.flatMap((t) => t.thresholds.map((spec) => JSON.stringify([t.name, spec.expression.source]))),
  );
  return rows
    .filter((row) => current.has(JSON.stringify([row.name, row.source])))
    .map(({ name, source, ok }) => ({ name, source, ok }));
}
