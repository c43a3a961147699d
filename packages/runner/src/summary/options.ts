import { parsePercentile, type TrendSink } from "../thresholds/index.js";
import type { SummaryOptions } from "./data.js";

/** k6's default trend columns. */
export const DEFAULT_TREND_STATS: readonly string[] = ["avg", "min", "med", "max", "p(90)", "p(95)"];

// The values summaryTimeUnit may take; "" picks a unit per value.
const SUMMARY_TIME_UNITS: readonly string[] = ["", "s", "ms", "us"];

/** Computes one trend column from a non-empty trend sink. */
export type TrendStat = (sink: TrendSink) => number;

const NAMED_STATS: Readonly<Record<string, TrendStat>> = {
  avg: (sink) => sink.sum / sink.count,
  min: (sink) => sink.min,
  med: (sink) => sink.percentile(0.5),
  max: (sink) => sink.max,
  count: (sink) => sink.count,
};

/**
 * Resolves a `summaryTrendStats` column to the function computing it, as k6 does: `avg`, `min`, `med`
 * (the 50th percentile), `max`, `count`, or `p(N)` with N from 0 to 100.
 *
 * @throws {Error} naming the column and listing the allowed ones
 */
export function trendStat(column: string): TrendStat {
  const named = NAMED_STATS[column];
  if (named) return named;
  const percentile = parsePercentile(column);
  if (percentile === undefined) {
    throw new Error(
      `invalid summaryTrendStats entry ${JSON.stringify(column)}; use avg, min, med, max, count or p(N) with N a number from 0 to 100, e.g. p(99.9)`,
    );
  }
  return (sink) => sink.percentile(percentile / 100);
}

/**
 * Fills in k6's defaults for the summary options and checks them.
 *
 * @throws {Error} for an unknown trend column or time unit, saying what is allowed
 */
export function resolveSummaryOptions(options: Partial<SummaryOptions> = {}): SummaryOptions {
  const { summaryTrendStats = DEFAULT_TREND_STATS, summaryTimeUnit = "", noColor = false } = options;
  for (const column of summaryTrendStats) trendStat(column);
  if (!SUMMARY_TIME_UNITS.includes(summaryTimeUnit)) {
    throw new Error(
      `invalid summaryTimeUnit ${JSON.stringify(summaryTimeUnit)}; use "s", "ms" or "us", or leave it empty for a unit chosen per value`,
    );
  }
  return { summaryTrendStats: [...summaryTrendStats], summaryTimeUnit, noColor };
}
