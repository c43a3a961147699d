import type { Point } from "@barrage/insights";
import type pg from "pg";
import { queryTimeSeries } from "../metrics/index.js";
import { INSIGHT_PERIOD_MS } from "./bucket-grid.js";

/**
 * The load and the response time per second: VUs and p95 of `http_req_duration`.
 *
 * @example { vus: [{ time, value: 50 }], p95: [{ time, value: 182.4 }] }
 */
export interface LoadSeries {
  /** VUs per second, summed over agents (each agent's last value in the second). */
  vus: Point[];
  /** p95 of `http_req_duration` per second (ms), from the second's merged histograms. */
  p95: Point[];
}

/**
 * Reads VUs and p95 per second with the metric store's time series query, so that the insights see
 * exactly the numbers a chart of the run shows: the summed-gauge rule for VUs across agents, and
 * percentiles from merged histograms (never averaged), clamped to the exact min and max.
 *
 * @example const { vus, p95 } = await queryLoadSeries(pool, runId);
 */
export async function queryLoadSeries(pool: pg.Pool, runId: number): Promise<LoadSeries> {
  const resolutionSeconds = INSIGHT_PERIOD_MS / 1000;
  const [vus, durations] = await Promise.all([
    queryTimeSeries(pool, { runId, metric: "vus", resolutionSeconds, origin: 0 }),
    queryTimeSeries(pool, { runId, metric: "http_req_duration", resolutionSeconds, origin: 0 }),
  ]);
  return {
    vus: vus.points.flatMap((p) => ("value" in p ? [{ time: p.time, value: p.value }] : [])),
    p95: durations.points.flatMap((p) => ("p95" in p ? [{ time: p.time, value: p.p95 }] : [])),
  };
}
