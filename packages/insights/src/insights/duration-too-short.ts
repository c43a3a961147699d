import { TRAINING_ITERATIONS } from "../context.js";
import type { InsightDefinition } from "../definition.js";
import { offset } from "../format.js";

/** k6: insights need the first 100 iterations "plus an additional 15 seconds". */
export const MIN_AFTER_TRAINING_MS = 15_000;

const ID = "best_practice_duration_too_short";

/**
 * best_practice_duration_too_short: the run did complete 100 iterations, but ended less than 15 s
 * after the 100th, leaving too little data after the start of the test to compare with it. Only on
 * the finished run.
 *
 * @example durationTooShort.check(prepareRun(run))?.values?.afterTrainingMs // 9000
 */
export const durationTooShort: InsightDefinition = {
  id: ID,
  set: "best_practice",
  name: "Duration too short",
  phases: ["final"],
  check(ctx) {
    const training = ctx.training;
    if (!training) return undefined;
    const { startedAt, endedAt } = ctx.run;
    const after = endedAt - training.completedAt;
    if (after >= MIN_AFTER_TRAINING_MS) return undefined;
    return {
      id: ID,
      severity: "info",
      title: `Test too short: it ended ${offset(after)} after its first ${TRAINING_ITERATIONS} iterations, insights need 15s`,
      explanation:
        `The ${TRAINING_ITERATIONS}th iteration completed ${offset(training.completedAt - startedAt)} into the ` +
        `test and the test ended ${offset(after)} later, at ${offset(endedAt - startedAt)}. Insights compare ` +
        `the rest of a test with its first ${TRAINING_ITERATIONS} iterations and need at least ` +
        `${MIN_AFTER_TRAINING_MS / 1000} s of data after them. Run the test longer.`,
      from: training.completedAt,
      to: endedAt,
      metric: "iterations",
      filter: {},
      values: { afterTrainingMs: after, requiredMs: MIN_AFTER_TRAINING_MS },
    };
  },
};
