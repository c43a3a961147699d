import type { ScenarioRun } from "../scenario-run.js";

/**
 * Runs a scenario's end: at `durationMs` after its start, `onTimeUp` (stop starting iterations);
 * `gracefulStopMs` later, interrupt what still runs. Returns a function that cancels both when
 * the scenario ends earlier on its own.
 */
export function scheduleEnd(
  run: ScenarioRun,
  durationMs: number,
  gracefulStopMs: number,
  onTimeUp: () => void,
): () => void {
  const cancel = new AbortController();
  const clock = run.ctx.clock;
  void (async () => {
    if (!(await clock.until(run.startedAt + durationMs, cancel.signal))) return;
    onTimeUp();
    if (!(await clock.until(run.startedAt + durationMs + gracefulStopMs, cancel.signal))) return;
    run.interrupt();
  })();
  return () => cancel.abort();
}
