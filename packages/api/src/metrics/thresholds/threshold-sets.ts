import type { MetricInfo } from "@barrage/runner";
import { bindThresholds, parseThresholds, type ThresholdSet } from "@barrage/runner";
import type pg from "pg";
import { runMetricInfos } from "./bind-run-thresholds.js";

/** Runs evaluated at once by one process, at most; the least recently evaluated is forgotten first. */
const MAX_RUNS = 1024;

const sets = new WeakMap<pg.Pool, Map<number, { key: string; set: ThresholdSet }>>();

/**
 * The run's thresholds bound to its metrics (see runMetricInfos). The ThresholdSet is kept in memory
 * between evaluations because it remembers which thresholds ever failed (`everFailed` of its
 * results); `delayAbortEval` needs no state, as it compares the elapsed time each round. The set is
 * rebuilt, losing that memory, when the thresholds option changes, when a threshold's metric now has
 * another type than it was bound with (a custom metric first bound by its implied type), or when this
 * process did not evaluate the run before (restart, another worker); verdicts and aborts never depend
 * on it.
 *
 * @throws ThresholdError (from the runner) for thresholds that do not parse or bind
 */
export function thresholdSetFor(
  pool: pg.Pool,
  runId: number,
  option: unknown,
  seen: readonly MetricInfo[],
): ThresholdSet {
  let runs = sets.get(pool);
  if (runs === undefined) {
    runs = new Map();
    sets.set(pool, runs);
  }
  const targets = parseThresholds(option);
  const infos = runMetricInfos(targets, seen);
  const key = JSON.stringify([option, targets.map((t) => infos.get(t.metric))]);
  const cached = runs.get(runId);
  runs.delete(runId);
  const set = cached?.key === key ? cached.set : bindThresholds(targets, infos.values());
  if (runs.size >= MAX_RUNS) {
    const oldest = runs.keys().next().value;
    if (oldest !== undefined) runs.delete(oldest);
  }
  runs.set(runId, { key, set });
  return set;
}

/** Forgets a run's ThresholdSet (after its final evaluation). */
export function forgetThresholdSet(pool: pg.Pool, runId: number): void {
  sets.get(pool)?.delete(runId);
}
