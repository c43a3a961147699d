import type { Baseline, RunSeries } from "@barrage/insights";
import type pg from "pg";
import { toGlobalId } from "../graphql/global-id.js";
import { queryMetricSpan } from "../metrics/index.js";
import { queryAgentUsage } from "./agent-usage.js";
import { INSIGHT_PERIOD_MS } from "./bucket-grid.js";
import { queryCardinality } from "./cardinality.js";
import { queryHostRequests } from "./host-requests.js";
import { queryLoadSeries } from "./load-series.js";
import { queryRunInputs } from "./run-inputs.js";
import { queryTrafficSeries } from "./traffic-series.js";
import { queryFailingUrls } from "./url-series.js";
import { queryZoneTotals } from "./zone-totals.js";

/**
 * Options of {@link buildRunSeries}.
 *
 * @example { baselineRunId: 12 }
 */
export interface BuildRunSeriesOptions {
  /** A run to compare with (the load test's baseline): its whole-run duration histogram is added. */
  baselineRunId?: number | null;
  /**
   * Whether to read VUs and p95 per second (default true). Only the final-phase insights that fit
   * the load curve read them, and p95 per second is the costliest query, so a live round skips it;
   * `vus` and `p95` are then empty.
   */
  loadCurve?: boolean;
  /** The clock for a run without metrics yet (epoch ms); default `Date.now`. */
  now?: () => number;
}

/**
 * Reads a run's aggregated series from PostgreSQL in the shape `computeInsights` of
 * `@barrage/insights` takes: per one-second bucket VUs, iterations, requests, failures and p95 over
 * every agent; requests, failures and statuses of the URLs that failed; failures per status; per
 * zone requests and merged duration histograms; requests per host; cardinalities; the agents' CPU
 * and memory; the whole run's duration histogram and, with `baselineRunId`, the baseline's.
 *
 * The run's bounds are those of its metrics (first period start to last period end), not the run's
 * status times: the insights measure durations from them ("15 s after the 100th iteration"), and a
 * live run's buckets beyond the last batch received would read as seconds without traffic. A run
 * without metrics spans its start (or creation) to its end (or now), and has empty series.
 *
 * The queries run concurrently; each reads whole-run rows of `metric_derived` where it can and the
 * points only for per-second series.
 *
 * @throws BarrageError NOT_FOUND for a run without metrics that does not exist.
 * @example
 * const series = await buildRunSeries(pool, runId, { baselineRunId });
 * const insights = computeInsights(series, { phase: "final" });
 */
export async function buildRunSeries(
  pool: pg.Pool,
  runId: number,
  options: BuildRunSeriesOptions = {},
): Promise<RunSeries> {
  const baselineRunId = options.baselineRunId ?? null;
  const [span, traffic, load, urls, totals, hosts, cardinality, agents, baseline] = await Promise.all([
    queryMetricSpan(pool, runId),
    queryTrafficSeries(pool, runId),
    options.loadCurve === false ? { vus: [], p95: [] } : queryLoadSeries(pool, runId),
    queryFailingUrls(pool, runId),
    queryZoneTotals(pool, runId),
    queryHostRequests(pool, runId),
    queryCardinality(pool, runId),
    queryAgentUsage(pool, runId),
    baselineRunId === null || baselineRunId === runId ? undefined : baselineOf(pool, baselineRunId),
  ]);
  const { startedAt, endedAt } = span
    ? { startedAt: span.from, endedAt: span.to }
    : await boundsWithoutMetrics(pool, runId, options.now ?? Date.now);
  return {
    startedAt,
    endedAt,
    periodMs: INSIGHT_PERIOD_MS,
    vus: load.vus,
    iterations: traffic.iterations,
    requests: traffic.requests,
    failures: traffic.failures,
    p95: load.p95,
    urls,
    statuses: traffic.statuses,
    zones: totals.zones,
    hosts,
    agents,
    cardinality,
    ...(totals.durationHistogram && { durationHistogram: totals.durationHistogram }),
    ...(baseline && { baseline }),
  };
}

/** The baseline's whole-run duration histogram, named by the id users see; undefined without requests. */
async function baselineOf(pool: pg.Pool, runId: number): Promise<Baseline | undefined> {
  const { durationHistogram } = await queryZoneTotals(pool, runId);
  return durationHistogram && { runId: toGlobalId("TestRun", runId), durationHistogram };
}

async function boundsWithoutMetrics(
  pool: pg.Pool,
  runId: number,
  now: () => number,
): Promise<{ startedAt: number; endedAt: number }> {
  const run = await queryRunInputs(pool, runId);
  const startedAt = run.startedAt ?? run.createdAt;
  return { startedAt, endedAt: Math.max(startedAt, run.endedAt ?? now()) };
}
