import { textSummary } from "@barrage/runner";
import type { TestRunRow } from "../../db/schema/runs.js";
import { badInput } from "../../errors.js";
import {
  queryHttpBreakdown,
  queryPercentiles,
  queryRunMetrics,
  queryRunStats,
  queryRunSummary,
  queryThresholdResults,
  queryTimeSeries,
} from "../../metrics/index.js";
import type { GraphQLContext } from "../context.js";
import { checkResolution, type TagFilterInput, toGraphQLPoint, toTagFilter } from "../metric-inputs.js";
import { findScriptVersion } from "../scoped-rows.js";

/** The arguments that narrow a metric query. */
export interface WindowArgs {
  filter?: TagFilterInput | null;
  from?: Date | null;
  to?: Date | null;
}

/** The window a query covers; without bounds, the whole run. */
function window(args: WindowArgs) {
  return {
    ...(args.from && { from: args.from }),
    ...(args.to && { to: args.to }),
  };
}

/** How long the window is, for the resolution check: a missing bound is the run's start or end (or now). */
function spanMs(run: TestRunRow, args: WindowArgs): number {
  const from = args.from ?? run.startedAt ?? run.createdAt;
  const to = args.to ?? run.endedAt ?? new Date();
  return Math.max(0, to.getTime() - from.getTime());
}

const upper = (type: string | null) => (type === null ? null : type.toUpperCase());

/**
 * The TestRun fields computed from the metric store: every figure is over the aggregate of all of
 * the run's agents, percentiles from merged histograms.
 */
export const runResultResolvers = {
  env: (run: TestRunRow) => Object.entries(run.env).map(([name, value]) => ({ name, value })),

  stats: (run: TestRunRow, _args: unknown, { pool }: GraphQLContext) => queryRunStats(pool, run.id),

  summary: async (run: TestRunRow, _args: unknown, { db, pool, viewer }: GraphQLContext) => {
    const version = await findScriptVersion(db, viewer.organizationId, run.scriptVersionId);
    const options = version.options ?? {};
    const data = await queryRunSummary(pool, run.id, {
      thresholds: options.thresholds,
      ...(Array.isArray(options.summaryTrendStats) && { summaryTrendStats: options.summaryTrendStats }),
      ...(typeof options.summaryTimeUnit === "string" && { summaryTimeUnit: options.summaryTimeUnit }),
    });
    return { data, text: textSummary(data, { indent: " ", enableColors: false }) };
  },

  thresholds: async (run: TestRunRow, _args: unknown, { pool }: GraphQLContext) =>
    (await queryThresholdResults(pool, run.id)).map((r) => ({
      metric: r.name,
      expression: r.source,
      ok: r.ok,
      value: r.value,
      abortOnFail: r.abortOnFail,
      evaluatedAt: r.evaluatedAt,
    })),

  metrics: async (run: TestRunRow, _args: unknown, { pool }: GraphQLContext) =>
    (await queryRunMetrics(pool, run.id)).map((m) => ({ ...m, type: upper(m.type) })),

  timeSeries: async (
    run: TestRunRow,
    args: WindowArgs & { metric: string; resolutionSeconds: number },
    { pool }: GraphQLContext,
  ) => {
    checkResolution(args.resolutionSeconds, spanMs(run, args), "resolutionSeconds");
    const series = await queryTimeSeries(pool, {
      runId: run.id,
      metric: args.metric,
      filter: toTagFilter(args.filter, "filter"),
      resolutionSeconds: args.resolutionSeconds,
      origin: 0,
      ...window(args),
    });
    return { ...series, type: upper(series.type), points: series.points.map(toGraphQLPoint) };
  },

  percentiles: async (
    run: TestRunRow,
    args: WindowArgs & { metric: string; quantiles: number[] },
    { pool }: GraphQLContext,
  ) => {
    if (args.quantiles.some((q) => !(q >= 0 && q <= 1))) {
      throw badInput("quantiles", "Quantiles are between 0 and 1, e.g. 0.95 for p95");
    }
    let result: Awaited<ReturnType<typeof queryPercentiles>>;
    try {
      result = await queryPercentiles(pool, {
        runId: run.id,
        metric: args.metric,
        filter: toTagFilter(args.filter, "filter"),
        quantiles: args.quantiles,
        ...window(args),
      });
    } catch (error) {
      if (error instanceof RangeError) throw badInput("metric", error.message);
      throw error;
    }
    return {
      ...result,
      values: args.quantiles.map((quantile, i) => ({ quantile, value: result.percentiles[i] ?? 0 })),
    };
  },

  urls: async (run: TestRunRow, args: { first: number }, { pool }: GraphQLContext) =>
    (await queryHttpBreakdown(pool, run.id, "name")).slice(0, Math.max(0, args.first)).map((row) => ({
      ...row,
      name: row.key,
      p50Ms: row.p50,
      p95Ms: row.p95,
      p99Ms: row.p99,
    })),

  zones: async (run: TestRunRow, _args: unknown, { pool }: GraphQLContext) =>
    (await queryHttpBreakdown(pool, run.id, "load_zone")).map((row) => ({
      zone: row.key,
      requests: row.requests,
      failureRate: row.failureRate,
      p95Ms: row.p95,
    })),
};
