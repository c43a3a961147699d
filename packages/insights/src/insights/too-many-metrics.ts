import { cardinalityLimit } from "./cardinality-limit.js";

/** k6 fires on "a high number of metrics" without a number; Barrage's limit (k6 has about 20 built-in). */
export const MAX_METRICS = 100;

/**
 * best_practice_too_many_metrics: more than 100 distinct metric names, usually custom metrics
 * created in a loop or named after a dynamic value.
 *
 * @example tooManyMetrics.check(prepareRun(run))?.values?.count // 101
 */
export const tooManyMetrics = cardinalityLimit({
  id: "best_practice_too_many_metrics",
  name: "Too many metrics",
  field: "metrics",
  limit: MAX_METRICS,
  severity: "warning",
  noun: "metrics",
  advice:
    "Create custom metrics once, in the init context, with fixed names, and tell the cases apart with " +
    "tags; k6 already counts responses by status and URL.",
});
