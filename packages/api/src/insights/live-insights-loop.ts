import type pg from "pg";
import { computeRunInsights } from "./compute-run-insights.js";

/** Options of {@link startLiveInsights}. */
export interface LiveInsightsOptions {
  pool: pg.Pool;
  /** Between two rounds over the running runs, ms (default 10 s: a round costs ~0.2 s per run). */
  intervalMs?: number;
  log?: (line: string) => void;
}

/**
 * Computes the cheap ("live") insights of every RUNNING run every `intervalMs`, so that findings
 * such as a rising failure rate show while the test runs; the final round, with every insight, is
 * the coordinator's when the run ends. Rounds never overlap; a failing run is logged and skipped.
 * Several processes may run this loop: a round is idempotent.
 *
 * @example const live = startLiveInsights({ pool }); ... await live.close();
 */
export function startLiveInsights(options: LiveInsightsOptions): { close(): Promise<void> } {
  const intervalMs = options.intervalMs ?? 10_000;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let round: Promise<void> | undefined;
  let closed = false;
  const runRound = async () => {
    const { rows } = await options.pool.query<{ id: string }>(
      "select id from test_runs where status = 'RUNNING'",
    );
    for (const { id } of rows) {
      if (closed) return;
      await computeRunInsights(options.pool, Number(id), "live").catch((error: Error) =>
        log(`live insights: run ${id}: ${error.message}`),
      );
    }
  };
  const timer = setInterval(() => {
    // A round slower than the interval is not stacked up behind: the next tick starts afresh.
    if (round) return;
    round = runRound()
      .catch((error: Error) => log(`live insights: ${error.message}`))
      .finally(() => {
        round = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    async close() {
      closed = true;
      clearInterval(timer);
      await round;
    },
  };
}
