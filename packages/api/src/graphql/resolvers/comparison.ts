import { requireScope } from "../../auth/scopes.js";
import {
  type ComparisonFigure,
  clearBaseline,
  compareRuns,
  figureOfRun,
  findBaselineRun,
  findPreviousRun,
  recentFinishedRuns,
  setBaseline,
} from "../../comparison/index.js";
import type { LoadTestRow } from "../../db/schema/core.js";
import type { TestRunRow } from "../../db/schema/runs.js";
import { badInput } from "../../errors.js";
import type { GraphQLContext } from "../context.js";
import { fromGlobalId } from "../global-id.js";
import { findLoadTest, findTestRun } from "../scoped-rows.js";

/** The most runs a trend reads: a sparkline's worth, each run costing a few queries. */
const MAX_TREND_RUNS = 100;

async function comparison(context: GraphQLContext, run: TestRunRow, base: TestRunRow) {
  return { run, base, rows: await compareRuns(context.pool, run.id, base.id) };
}

/** Comparison and baselines: the fields and root operations of the schema's comparison part. */
export const comparisonResolvers = {
  Query: {
    compareRuns: async (
      _root: unknown,
      args: { runId: string; baseRunId: string },
      context: GraphQLContext,
    ) => {
      const { db, viewer } = context;
      const [run, base] = await Promise.all([
        findTestRun(db, viewer.organizationId, fromGlobalId(args.runId, "TestRun", "runId")),
        findTestRun(db, viewer.organizationId, fromGlobalId(args.baseRunId, "TestRun", "baseRunId")),
      ]);
      return comparison(context, run, base);
    },
  },
  Mutation: {
    setBaseline: async (_root: unknown, args: { runId: string }, { db, viewer }: GraphQLContext) => {
      requireScope(viewer.scopes, "WRITE");
      const run = await findTestRun(db, viewer.organizationId, fromGlobalId(args.runId, "TestRun", "runId"));
      await setBaseline(db, run);
      return findLoadTest(db, viewer.organizationId, run.loadTestId);
    },
    clearBaseline: async (_root: unknown, args: { loadTestId: string }, { db, viewer }: GraphQLContext) => {
      requireScope(viewer.scopes, "WRITE");
      const test = await findLoadTest(
        db,
        viewer.organizationId,
        fromGlobalId(args.loadTestId, "LoadTest", "loadTestId"),
      );
      await clearBaseline(db, test.id);
      return test;
    },
  },
  TestRun: {
    comparison: async (
      run: TestRunRow,
      args: { against: "PREVIOUS" | "BASELINE" },
      context: GraphQLContext,
    ) => {
      const base =
        args.against === "BASELINE"
          ? await findBaselineRun(context.db, run.loadTestId)
          : await findPreviousRun(context.db, run);
      return base && base.id !== run.id ? comparison(context, run, base) : null;
    },
  },
  LoadTest: {
    baseline: (test: LoadTestRow, _args: unknown, { db }: GraphQLContext) => findBaselineRun(db, test.id),
    trend: async (
      test: LoadTestRow,
      args: { figure: ComparisonFigure; last: number },
      { db, pool }: GraphQLContext,
    ) => {
      if (!(args.last >= 1 && args.last <= MAX_TREND_RUNS)) {
        throw badInput("last", `A trend covers 1 to ${MAX_TREND_RUNS} runs, not ${args.last}`);
      }
      const runs = await recentFinishedRuns(db, test.id, args.last);
      return Promise.all(
        runs.map(async (run) => ({ run, value: await figureOfRun(pool, run.id, args.figure) })),
      );
    },
  },
};
