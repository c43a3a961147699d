import type { ComparisonFigure, ComparisonRow, RunComparison } from "./compare-runs.js";

/** How each figure is named and written: percentiles in ms, the request rate per second, the failure rate in %. */
const FIGURES: Record<
  ComparisonFigure,
  { label: string; value(v: number): string; delta(d: number): string }
> = {
  P50: { label: "p50", value: milliseconds, delta: (d) => signed(d, milliseconds) },
  P95: { label: "p95", value: milliseconds, delta: (d) => signed(d, milliseconds) },
  P99: { label: "p99", value: milliseconds, delta: (d) => signed(d, milliseconds) },
  REQUEST_RATE: { label: "request rate", value: perSecond, delta: (d) => signed(d, perSecond) },
  // A difference of rates is in percentage points: 1% → 3% is +2.00 pp, not +200%.
  FAILURE_RATE: {
    label: "failure rate",
    value: (v) => `${(v * 100).toFixed(2)}%`,
    delta: (d) => signed(d, (v) => `${(v * 100).toFixed(2)} pp`),
  },
};

/** Longer URL names are cut, so that one long name does not push every column off the screen. */
const MAX_URL_WIDTH = 60;
const NONE = "-";
const HEADER = ["figure", "url", "base", "run", "Δ", "Δ%", ""];
/** Which columns are numbers (right-aligned). */
const NUMERIC = [false, false, true, true, true, true, false];

/**
 * A comparison as an aligned table: figure, URL (`(all)` for every request), the base run's value,
 * this run's, the difference, the relative difference, and `*` where the difference is beyond
 * chance. Values a run does not have (a URL only one run requested) show as `-`.
 *
 * @example
 * formatComparison({ runId: "VGVzdFJ1bjo3", baseRunId: "VGVzdFJ1bjo2", rows })
 * //   figure        url     base     run       Δ          Δ%
 * //   p95           (all)   20.1 ms  40.3 ms   +20.2 ms   +100.5%  *
 */
export function formatComparison(comparison: RunComparison): string {
  const head = `  run ${comparison.runId} against base run ${comparison.baseRunId}\n\n`;
  if (comparison.rows.length === 0) return `${head}  neither run made HTTP requests: nothing to compare\n`;
  const cells = [HEADER, ...comparison.rows.map(cellsOf)];
  const widths = HEADER.map((_, c) => Math.max(...cells.map((row) => (row[c] as string).length)));
  const lines = cells.map((row) =>
    `  ${row.map((cell, c) => (NUMERIC[c] ? cell.padStart(widths[c] as number) : cell.padEnd(widths[c] as number))).join("  ")}`.trimEnd(),
  );
  const legend = comparison.rows.some((r) => r.significant)
    ? "\n  * significant: a difference beyond chance at the 1% level\n"
    : "\n  no difference is significant at the 1% level\n";
  return `${head}${lines.join("\n")}\n${legend}`;
}

function cellsOf(row: ComparisonRow): string[] {
  const figure = FIGURES[row.figure] ?? { label: row.figure, value: String, delta: String };
  const show = (v: number | null, format: (v: number) => string) => (v === null ? NONE : format(v));
  return [
    figure.label,
    urlCell(row.url),
    show(row.baseValue, figure.value),
    show(row.value, figure.value),
    show(row.difference, figure.delta),
    show(row.relativeDifference, (r) => signed(r, (v) => `${(v * 100).toFixed(1)}%`)),
    row.significant ? "*" : "",
  ];
}

function urlCell(url: string | null): string {
  if (url === null) return "(all)";
  return url.length > MAX_URL_WIDTH ? `${url.slice(0, MAX_URL_WIDTH - 1)}…` : url;
}

function milliseconds(v: number): string {
  const abs = Math.abs(v);
  return `${v.toFixed(abs >= 100 ? 0 : abs >= 10 ? 1 : 2)} ms`;
}

function perSecond(v: number): string {
  return `${v.toFixed(1)}/s`;
}

/** `+` before a positive difference; a difference that rounds to zero shows without a sign. */
function signed(v: number, format: (v: number) => string): string {
  const text = format(Math.abs(v));
  if (Number(text.replace(/[^0-9.]/g, "")) === 0) return text;
  return `${v < 0 ? "-" : "+"}${text}`;
}
