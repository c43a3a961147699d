import type { TestRunRow } from "../../db/schema/runs.js";
import { badInput } from "../../errors.js";
import { queryTimeSeries } from "../../metrics/index.js";
import type { GraphQLContext } from "../context.js";
import { fromGlobalId } from "../global-id.js";
import { type LiveUpdate, liveMetricsStream } from "../live-metrics-stream.js";
import { toGraphQLPoint } from "../metric-inputs.js";
import { runStatusStream } from "../run-status-stream.js";
import { findTestRun } from "../scoped-rows.js";

/** The most metrics one live subscription may follow; a chart page needs a handful. */
const MAX_LIVE_METRICS = 20;

/** The root subscriptions. */
export const subscriptionResolvers = {
  testRunStatus: {
    subscribe: async (_root: unknown, args: { id: string }, { db, viewer, hub }: GraphQLContext) => {
      const runId = fromGlobalId(args.id, "TestRun", "id");
      const load = () => findTestRun(db, viewer.organizationId, runId);
      // Listen before the first read, so that a change between the two is not lost.
      const changes = hub.changes(runId);
      try {
        return runStatusStream(await load(), load, changes);
      } catch (error) {
        await changes.return?.();
        throw error;
      }
    },
    resolve: (run: TestRunRow) => run,
  },

  testRunMetrics: {
    subscribe: async (
      _root: unknown,
      args: { id: string; metrics: string[] },
      { db, pool, viewer, hub }: GraphQLContext,
    ) => {
      const runId = fromGlobalId(args.id, "TestRun", "id");
      const metrics = [...new Set(args.metrics)];
      if (metrics.length === 0 || metrics.length > MAX_LIVE_METRICS) {
        throw badInput("metrics", `Follow 1 to ${MAX_LIVE_METRICS} metrics, not ${metrics.length}`);
      }
      const batches = hub.metricBatches(runId);
      const changes = hub.changes(runId);
      try {
        await findTestRun(db, viewer.organizationId, runId);
      } catch (error) {
        await Promise.all([batches.return?.(), changes.return?.()]);
        throw error;
      }
      return liveMetricsStream({
        batches,
        changes,
        loadStatus: async () => (await findTestRun(db, viewer.organizationId, runId)).status,
        query: (from) =>
          Promise.all(
            metrics.map(async (metric) => {
              const series = await queryTimeSeries(pool, {
                runId,
                metric,
                resolutionSeconds: 1,
                origin: 0,
                ...(from !== undefined && { from }),
              });
              return {
                ...series,
                type: series.type?.toUpperCase() ?? null,
                points: series.points.map(toGraphQLPoint),
              };
            }),
          ),
      });
    },
    resolve: (update: LiveUpdate<unknown>) => update,
  },
};
