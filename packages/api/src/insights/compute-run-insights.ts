import {
  computeInsights,
  type Insight,
  InsightOptionsError,
  type InsightSwitches,
  type Phase,
  readInsightSwitches,
} from "@barrage/insights";
import type pg from "pg";
import { isTerminal } from "../runs/status.js";
import { buildRunSeries } from "./build-run-series.js";
import { queryRunInputs } from "./run-inputs.js";
import { saveRunInsights } from "./save-run-insights.js";

/**
 * What one round of {@link computeRunInsights} found and did.
 *
 * @example { insights: [{ id: "http_load_high_http_failure_rate", severity: "critical", … }], saved: true, warnings: [] }
 */
export interface RunInsightsRound {
  /** The insights found, most severe first. */
  insights: Insight[];
  /** Whether they replaced the run's stored set: a live round after the run ended stores nothing. */
  saved: boolean;
  /**
   * Problems with the script's insight switches that did not stop the round, for the caller to log:
   * names Barrage does not know, or a malformed option (the round then runs every insight).
   */
  warnings: string[];
}

/**
 * Computes a run's performance insights from its metrics and stores them in `insight_results`,
 * replacing the previous round's. The script's `options.cloud.insights` (or the older
 * `options.ext.loadimpact.insights`) switches insights on and off as in k6; a `final` round also
 * compares the run with its load test's baseline run, if it has one.
 *
 * Idempotent: the same data gives the same rows, and rows are only rewritten when they change. Call
 * it with `"live"` every few seconds while the run goes on (only the insights that mean something on
 * part of a run; a round that finishes after the run ended is dropped) and with `"final"` once the
 * run has ended (every insight). A 10-minute run takes a few hundred milliseconds (see README.md).
 *
 * @throws BarrageError NOT_FOUND when there is no such run.
 * @example
 * const { insights, warnings } = await computeRunInsights(pool, runId, "final");
 * for (const w of warnings) log(`run ${runId}: ${w}`);
 */
export async function computeRunInsights(
  pool: pg.Pool,
  runId: number,
  phase: Phase,
): Promise<RunInsightsRound> {
  const run = await queryRunInputs(pool, runId);
  if (phase === "live" && isTerminal(run.status)) return { insights: [], saved: false, warnings: [] };
  const { switches, warnings } = insightSwitches(run.options);
  // Only final insights read the baseline and the load curve (VUs and p95 per second).
  const final = phase === "final";
  const series = await buildRunSeries(pool, runId, {
    baselineRunId: final ? run.baselineRunId : null,
    loadCurve: final,
  });
  const insights = computeInsights(series, { phase, switches });
  const saved = await saveRunInsights(pool, runId, insights, phase);
  return { insights, saved, warnings };
}

/** The script's switches, k6's current option first, then its older one. */
function insightSwitches(options: Record<string, unknown> | null): {
  switches: InsightSwitches;
  warnings: string[];
} {
  const cloud = record(options?.cloud)?.insights;
  const legacy = record(record(record(options?.ext)?.loadimpact))?.insights;
  const [value, path] =
    cloud !== undefined || legacy === undefined
      ? [cloud, "options.cloud.insights"]
      : [legacy, "options.ext.loadimpact.insights"];
  try {
    const { switches, unknown } = readInsightSwitches(value, path);
    const warnings =
      unknown.length > 0
        ? [`${path} names insights Barrage does not have, ignored: ${unknown.join(", ")}`]
        : [];
    return { switches, warnings };
  } catch (error) {
    if (!(error instanceof InsightOptionsError)) throw error;
    return { switches: {}, warnings: [`${error.message}; every insight runs`] };
  }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
