import type pg from "pg";
import { queryHttpBreakdown, queryRunStats } from "../metrics/index.js";
import type { ComparisonFigure } from "./compare-runs.js";

/**
 * One comparison figure of a whole run over every request, for trend charts: null when the run
 * made no requests.
 *
 * @example const p95 = await figureOfRun(pool, runId, "P95");
 */
export async function figureOfRun(
  pool: pg.Pool,
  runId: number,
  figure: ComparisonFigure,
): Promise<number | null> {
  if (figure === "REQUEST_RATE") {
    const stats = await queryRunStats(pool, runId);
    return stats && stats.httpRequests > 0 ? stats.httpRequestRate : null;
  }
  const [all] = await queryHttpBreakdown(pool, runId);
  if (!all || all.requests === 0) return null;
  switch (figure) {
    case "P50":
      return all.p50;
    case "P95":
      return all.p95;
    case "P99":
      return all.p99;
    case "FAILURE_RATE":
      return all.failureRate;
  }
}
