import type { TestRunRow } from "../../db/schema/runs.js";
import type { GraphQLContext } from "../context.js";
import { fromGlobalId } from "../global-id.js";
import { runStatusStream } from "../run-status-stream.js";
import { findTestRun } from "../scoped-rows.js";

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
};
