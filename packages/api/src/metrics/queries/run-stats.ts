import type pg from "pg";
import { queryHttpBreakdown } from "./http-breakdown.js";
import { queryMetricSpan } from "./metric-span.js";
import { queryTimeSeries } from "./time-series.js";

/** A run's headline figures, for lists and the top of a run page. */
export interface RunStats {
  /** The most VUs running at once over all agents, per second. */
  vusMax: number;
  /** From the first period's start to the last period's end. */
  durationMs: number;
  httpRequests: number;
  /** Requests per second over `durationMs`. */
  httpRequestRate: number;
  httpFailureRate: number;
  /** null without requests. */
  httpP95Ms: number | null;
}

/**
 * The headline figures of a run from the aggregate of its agents; null before its first metrics.
 *
 * @example const stats = await queryRunStats(pool, runId); // { vusMax: 50, httpP95Ms: 12.3, ... }
 */
export async function queryRunStats(pool: pg.Pool, runId: number): Promise<RunStats | null> {
  const span = await queryMetricSpan(pool, runId);
  if (!span) return null;
  const [vus, [http]] = await Promise.all([
    queryTimeSeries(pool, { runId, metric: "vus", resolutionSeconds: 1, origin: 0 }),
    queryHttpBreakdown(pool, runId),
  ]);
  const durationMs = span.to - span.from;
  const requests = http?.requests ?? 0;
  return {
    vusMax: Math.max(0, ...vus.points.map((p) => ("value" in p ? p.value : 0))),
    durationMs,
    httpRequests: requests,
    httpRequestRate: durationMs > 0 ? requests / (durationMs / 1000) : 0,
    httpFailureRate: http?.failureRate ?? 0,
    httpP95Ms: requests > 0 && http ? http.p95 : null,
  };
}
