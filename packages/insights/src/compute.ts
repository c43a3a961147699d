import { prepareRun } from "./context.js";
import type { InsightSet, Phase } from "./definition.js";
import { REGISTRY } from "./registry.js";
import { type InsightSwitches, isInsightEnabled } from "./switches.js";
import type { Insight, RunSeries, Severity } from "./types.js";

/**
 * Options of {@link computeInsights}.
 *
 * @example { phase: "final", switches: { disabledSets: ["best_practice"] } }
 */
export interface ComputeOptions {
  /** "live": only the cheap insights that make sense on a partial run; "final": all of them. */
  phase: Phase;
  /** The test's `options.cloud.insights`, as read by `readInsightSwitches`. */
  switches?: InsightSwitches;
}

/**
 * What an insight is, without its check: for listing them and validating switches.
 *
 * @example { id: "http_load_throughput_limit", set: "http_load", name: "Throughput limit", phases: ["final"] }
 */
export interface InsightInfo {
  id: string;
  set: InsightSet;
  name: string;
  phases: readonly Phase[];
}

/**
 * Every insight Barrage computes, in registry order.
 *
 * @example INSIGHTS.filter((i) => i.phases.includes("live")).map((i) => i.id)
 */
export const INSIGHTS: readonly InsightInfo[] = REGISTRY.map(({ id, set, name, phases }) => ({
  id,
  set,
  name,
  phases,
}));

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/**
 * Runs every insight enabled for this phase and these switches on a run's aggregated series, and
 * returns what they found, most severe first (registry order within a severity). At most one
 * insight per id. Pure: no I/O, the input is not modified.
 *
 * @throws RangeError when the run's bounds or period are invalid.
 * @throws HdrDecodeError when an encoded histogram in the input is invalid.
 * @example
 * const insights = computeInsights(run, { phase: "final", switches: { disabled: ["best_practice_too_many_urls"] } });
 * for (const i of insights) console.log(`[${i.severity}] ${i.title}`);
 */
export function computeInsights(series: RunSeries, options: ComputeOptions): Insight[] {
  const ctx = prepareRun(series);
  const found: { insight: Insight; order: number }[] = [];
  REGISTRY.forEach((definition, order) => {
    if (!definition.phases.includes(options.phase)) return;
    if (!isInsightEnabled(definition.id, definition.set, options.switches)) return;
    const insight = definition.check(ctx);
    if (insight) found.push({ insight, order });
  });
  found.sort((a, b) => RANK[a.insight.severity] - RANK[b.insight.severity] || a.order - b.order);
  return found.map((f) => f.insight);
}
