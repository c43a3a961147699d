import { type Decorate, decorator, PALETTE } from "./ansi.js";
import type { SummaryCheck, SummaryData, SummaryGroup, SummaryMetric } from "./data.js";
import { displayWidth } from "./display-width.js";
import { humanizeValue } from "./humanize.js";

/** Options of {@link textSummary}, as the jslib `k6-summary` takes them. */
export interface TextSummaryOptions {
  /** Prefix of every line; k6 uses one space. */
  readonly indent?: string;
  /** ANSI colors (green/red marks, cyan values, faint dots). Off unless asked for. */
  readonly enableColors?: boolean;
  /** Overrides `data.options.summaryTimeUnit`. */
  readonly summaryTimeUnit?: string | null;
  /** Overrides `data.options.summaryTrendStats`; each column must be in the trend metrics' values. */
  readonly summaryTrendStats?: readonly string[];
}

const GROUP_PREFIX = "█";
const DETAILS_PREFIX = "↳";
const SUCCESS_MARK = "✓";
const FAILURE_MARK = "✗";

/**
 * The k6 end-of-test text summary (the classic one of k6 v0.3x–v0.5x, jslib `k6-summary`'s
 * `textSummary`), character for character: checks under their groups, then every metric sorted by
 * name, sub-metrics indented under theirs, each metric with thresholds marked ✓ or ✗.
 *
 * @example
 * export function handleSummary(data) {
 *   return { stdout: textSummary(data, { indent: " ", enableColors: true }) };
 * }
 */
export function textSummary(data: SummaryData, options: TextSummaryOptions = {}): string {
  const indent = options.indent ?? " ";
  const decorate = decorator(options.enableColors ?? false);
  const timeUnit =
    options.summaryTimeUnit !== undefined ? options.summaryTimeUnit : data.options.summaryTimeUnit;
  const trendStats = options.summaryTrendStats ?? data.options.summaryTrendStats;
  return [
    ...summarizeGroup(`${indent}    `, data.root_group, decorate),
    ...summarizeMetrics(`${indent}  `, data, { timeUnit, trendStats }, decorate),
  ].join("\n");
}

function summarizeGroup(indent: string, group: SummaryGroup, decorate: Decorate): string[] {
  const lines: string[] = [];
  let inner = indent;
  if (group.name !== "") {
    lines.push(`${indent}${GROUP_PREFIX} ${group.name}\n`);
    inner = `${indent}  `;
  }
  for (const check of group.checks) lines.push(summarizeCheck(inner, check, decorate));
  if (group.checks.length > 0) lines.push("");
  for (const child of group.groups) lines.push(...summarizeGroup(inner, child, decorate));
  return lines;
}

function summarizeCheck(indent: string, check: SummaryCheck, decorate: Decorate): string {
  if (check.fails === 0) return decorate(`${indent}${SUCCESS_MARK} ${check.name}`, PALETTE.green);
  const percent = Math.floor((100 * check.passes) / (check.passes + check.fails));
  return decorate(
    `${indent}${FAILURE_MARK} ${check.name}\n` +
      `${indent} ${DETAILS_PREFIX}  ${percent}% — ${SUCCESS_MARK} ${check.passes} / ${FAILURE_MARK} ${check.fails}`,
    PALETTE.red,
  );
}

interface Formatting {
  readonly timeUnit: string | null;
  readonly trendStats: readonly string[];
}

interface Row {
  readonly name: string;
  readonly metric: SummaryMetric;
  /** Trend: one cell per trend stat. Others: the value, then its extras (rate, min/max, ✓/✗). */
  readonly cells: readonly string[];
}

function summarizeMetrics(
  indent: string,
  data: SummaryData,
  format: Formatting,
  decorate: Decorate,
): string[] {
  const rows: Row[] = Object.entries(data.metrics).map(([name, metric]) => ({
    name,
    metric,
    cells: metricCells(name, metric, format),
  }));
  const nameWidth = Math.max(
    0,
    ...rows.map(({ name }) => displayWidth(subMetricIndent(name) + displayName(name))),
  );
  // k6 pads trend columns across trend metrics, and the value and each extra across the other metrics.
  const trendWidths = columnWidths(rows.filter((row) => row.metric.type === "trend"));
  const plainWidths = columnWidths(rows.filter((row) => row.metric.type !== "trend"));
  const pad = (text: string, width: number | undefined) =>
    width === undefined ? "" : " ".repeat(width - displayWidth(text));

  const renderTrend = (cells: readonly string[]) =>
    cells
      .map((cell, i) => `${format.trendStats[i]}=${decorate(cell, PALETTE.cyan)}${pad(cell, trendWidths[i])}`)
      .join(" ");
  const renderPlain = ([value = "", ...extras]: readonly string[]) => {
    // A lone extra (a counter's rate) is not padded; several (min/max, ✓/✗) are, column by column.
    const extraWidths = extras.length === 1 ? [] : plainWidths.slice(1);
    return [
      decorate(value, PALETTE.cyan) + pad(value, plainWidths[0]),
      ...extras.map((extra, i) => decorate(extra, PALETTE.cyan, PALETTE.faint) + pad(extra, extraWidths[i])),
    ].join(" ");
  };

  return rows
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ name, metric, cells }) => {
      const fmtIndent = subMetricIndent(name);
      const fmtName = displayName(name);
      const dots = ".".repeat(nameWidth - displayWidth(fmtName) - displayWidth(fmtIndent) + 3);
      const data = metric.type === "trend" ? renderTrend(cells) : renderPlain(cells);
      return `${indent}${fmtIndent}${thresholdMark(metric, decorate)} ${fmtName}${decorate(`${dots}:`, PALETTE.faint)} ${data}`;
    });
}

function columnWidths(rows: readonly Row[]): number[] {
  const widths: number[] = [];
  for (const { cells } of rows) {
    cells.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell));
    });
  }
  return widths;
}

function metricCells(name: string, metric: SummaryMetric, format: Formatting): string[] {
  const value = (key: string) => metric.values[key] ?? 0;
  const human = (key: string) => humanizeValue(value(key), metric, format.timeUnit);
  switch (metric.type) {
    case "counter":
      return [human("count"), `${human("rate")}/s`];
    case "gauge":
      return [human("value"), `min=${human("min")}`, `max=${human("max")}`];
    case "rate":
      return [human("rate"), `${SUCCESS_MARK} ${value("passes")}`, `${FAILURE_MARK} ${value("fails")}`];
    case "trend":
      return format.trendStats.map((stat) => {
        const stored = metric.values[stat];
        if (stored === undefined) {
          throw new Error(
            `textSummary: metric ${JSON.stringify(name)} has no ${JSON.stringify(stat)} value; ` +
              `the data holds the columns of options.summaryTrendStats (${Object.keys(metric.values).join(", ")})`,
          );
        }
        return stat === "count" ? stored.toString() : humanizeValue(stored, metric, format.timeUnit);
      });
  }
}

/** ✓ in green when every threshold of the metric holds, ✗ in red when one fails, a space without any. */
function thresholdMark(metric: SummaryMetric, decorate: Decorate): string {
  if (!metric.thresholds) return " ";
  const failed = Object.values(metric.thresholds).some((threshold) => !threshold.ok);
  return failed ? decorate(FAILURE_MARK, PALETTE.red) : decorate(SUCCESS_MARK, PALETTE.green);
}

/** A sub-metric shows as `{ tag:value }` under its metric; a metric as its name. */
function displayName(name: string): string {
  const brace = name.indexOf("{");
  return brace >= 0 ? `{ ${name.substring(brace + 1, name.length - 1)} }` : name;
}

function subMetricIndent(name: string): string {
  return name.includes("{") ? "  " : "";
}
