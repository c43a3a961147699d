import {
  buildSummaryData,
  legacySummaryExportJson,
  type SummaryData,
  type SummaryMetricInput,
  textSummary,
} from "../summary/index.js";
import type { RunResult } from "./test-run.js";

/** What the end of a run prints and writes. */
export interface RenderedSummary {
  /** Text for stdout: the text summary, or what `handleSummary` returned under `stdout`. */
  stdout: string;
  /** Files `handleSummary` asked for, by path. */
  files: Record<string, string>;
  /** The legacy `--summary-export` object, when asked for. */
  export: unknown;
  data: SummaryData;
}

/** How to render the summary. */
export interface SummaryRenderOptions {
  summaryExport?: boolean;
  colors?: boolean;
}

/** The handleSummary data object of a finished run (k6's shape). */
export function summaryData(result: RunResult): SummaryData {
  const metrics: SummaryMetricInput[] = [];
  for (const metric of result.metrics) {
    const sink = result.sink(metric.name);
    const hasThreshold = result.thresholds.results.some((r) => r.name === metric.name);
    if (sink || hasThreshold) metrics.push({ metric, sink });
  }
  for (const sub of result.submetrics) {
    const parent = result.metrics.find((m) => m.name === sub.metric);
    if (parent)
      metrics.push({
        metric: { name: sub.name, type: parent.type, contains: parent.contains },
        sink: result.sink(sub.name),
      });
  }
  return buildSummaryData({
    metrics,
    rootGroup: result.groups.root(),
    thresholds: result.thresholds.results,
    testRunDurationMs: result.durationMs,
    options: {
      summaryTrendStats: result.options.summaryTrendStats,
      ...(result.options.summaryTimeUnit ? { summaryTimeUnit: result.options.summaryTimeUnit } : {}),
    },
    state: { isStdOutTTY: process.stdout.isTTY === true, isStdErrTTY: process.stderr.isTTY === true },
  });
}

/**
 * Renders the end of a run as k6 does: the script's `handleSummary(data)` decides what goes to
 * stdout and to files when it exists; otherwise the text summary goes to stdout.
 */
export async function renderSummary(
  result: RunResult,
  options: SummaryRenderOptions = {},
): Promise<RenderedSummary> {
  const data = summaryData(result);
  const exported = options.summaryExport ? JSON.parse(legacySummaryExportJson(data)) : undefined;
  if (result.handleSummary) {
    const returned = (await result.handleSummary(data)) as Record<string, unknown> | undefined;
    const files: Record<string, string> = {};
    let stdout = "";
    for (const [key, value] of Object.entries(returned ?? {})) {
      const text = typeof value === "string" ? value : JSON.stringify(value);
      if (key === "stdout") stdout += text;
      else if (key === "stderr") process.stderr.write(text);
      else files[key] = text;
    }
    return { stdout, files, export: exported, data };
  }
  const stdout = `\n${textSummary(data, { indent: " ", enableColors: options.colors === true })}\n\n`;
  return { stdout, files: {}, export: exported, data };
}
