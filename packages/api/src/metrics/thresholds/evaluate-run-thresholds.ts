import type { ThresholdRound, ThresholdSet } from "@barrage/runner";
import type pg from "pg";
import { queryRunMetrics } from "../queries/run-metrics.js";
import { querySinks } from "../queries/sinks.js";
import { saveThresholdResults } from "./save-threshold-results.js";
import { forgetThresholdSet, thresholdSetFor } from "./threshold-sets.js";

/** `periodic` while the run goes on (may request an abort), `final` once at its end. */
export type EvaluationPhase = Parameters<ThresholdSet["evaluate"]>[2];

/**
 * Evaluates a run's thresholds on the aggregate of all its agents, as k6 evaluates them on one
 * instance: every metric and sub-metric (`metric{tag:value}`, matched on the series' tags) gets a
 * whole-run sink from the database, trend percentiles from the merged histograms; `ThresholdSet`
 * decides. The results are upserted into threshold_results; the round's `abort` is set when a periodic
 * evaluation finds an `abortOnFail` threshold failing past its `delayAbortEval`, and the caller then
 * stops every agent (ABORTED_BY_THRESHOLD). Call it every 2 s while the run goes on, and once with
 * `final` at its end.
 *
 * @param thresholdsOption the script's `options.thresholds`, as validated
 * @param elapsedMs test time so far: counter rates divide by it, `delayAbortEval` compares with it
 * @throws ThresholdError (from the runner) for thresholds that do not parse or bind
 * @example
 * const round = await evaluateRunThresholds(pool, runId, options.thresholds, Date.now() - startedAt, "periodic");
 * if (round.abort) await abortRun(runId, round.abort.message);
 */
export async function evaluateRunThresholds(
  pool: pg.Pool,
  runId: number,
  thresholdsOption: unknown,
  elapsedMs: number,
  phase: EvaluationPhase,
): Promise<ThresholdRound> {
  const set = thresholdSetFor(pool, runId, thresholdsOption, await queryRunMetrics(pool, runId));
  const quantiles = new Set<number>();
  for (const { thresholds } of set.targets) {
    for (const { expression } of thresholds) {
      const { aggregation } = expression;
      if (aggregation.method === "med") quantiles.add(0.5);
      if (aggregation.method === "p") quantiles.add(aggregation.percentile / 100);
    }
  }
  const sinks = await querySinks(
    pool,
    runId,
    set.targets.map((t) => ({
      name: t.name,
      metric: t.metric,
      tags: t.subMetric?.tags ?? {},
      type: t.info.type,
    })),
    [...quantiles],
  );
  const round = set.evaluate((name) => sinks.get(name), elapsedMs, phase);
  await saveThresholdResults(pool, runId, round);
  if (phase === "final") forgetThresholdSet(pool, runId);
  return round;
}
