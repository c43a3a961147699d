import { TRAINING_ITERATIONS } from "../context.js";
import type { InsightDefinition } from "../definition.js";
import { count, offset } from "../format.js";

const ID = "best_practice_not_enough_training_data";

/**
 * best_practice_not_enough_training_data: the run completed fewer than 100 iterations, so the start
 * of the test cannot be measured and the failure-rate insights could not judge it. Only on the
 * finished run: a running test simply has not got there yet.
 *
 * @example notEnoughTrainingData.check(prepareRun(run))?.values?.iterations // 42
 */
export const notEnoughTrainingData: InsightDefinition = {
  id: ID,
  set: "best_practice",
  name: "Not enough training data",
  phases: ["final"],
  check(ctx) {
    if (ctx.totalIterations >= TRAINING_ITERATIONS) return undefined;
    const { startedAt, endedAt } = ctx.run;
    return {
      id: ID,
      severity: "info",
      title: `Not enough data: ${count(ctx.totalIterations)} completed iterations, insights need ${TRAINING_ITERATIONS}`,
      explanation:
        `The test completed ${count(ctx.totalIterations)} iterations in ${offset(endedAt - startedAt)}. ` +
        `Insights measure the start of a test over its first ${TRAINING_ITERATIONS} completed iterations ` +
        "and need 15 s of data after them, so the failure-rate insights could not judge this run. " +
        "Run the test longer or with more VUs or iterations.",
      from: startedAt,
      to: endedAt,
      metric: "iterations",
      filter: {},
      values: { iterations: ctx.totalIterations, required: TRAINING_ITERATIONS },
    };
  },
};
