/**
 * Executor schedules: the arithmetic the runtime follows to run a normalized scenario on one
 * instance (an {@link ExecutionTuple}), with k6's semantics (`lib/executor/*.go`,
 * `lib/executors.go`). Pure functions; nothing here waits or starts anything.
 *
 * - {@link scaledScenario}: the scenario with this instance's share of every VU count (and of
 *   shared-iterations' iterations, re-segmented by VUs first).
 * - {@link rampingVusSteps}: ramping-vus's plan, `{ atMs, vus }` steps for the VUs that should be
 *   looping (`raw`) and for the VUs that may still be finishing (`graceful`, gracefulRampDown and
 *   gracefulStop applied); striped so that all instances together follow the global ramp exactly.
 * - {@link arrivalIterations}: an allocation-free cursor over the iteration starts this instance
 *   owns (`globalIndex`, `atMs`), for both arrival-rate executors; {@link plannedIterations} counts
 *   them over all instances.
 * - {@link executionRequirements}, {@link fullExecutionRequirements}: how many VUs each scenario,
 *   and all of them together, need over time; {@link maxPlannedVUs} and {@link maxPossibleVUs}
 *   (what the runner initialises: arrival-rate maxVUs included); {@link maxDurationMs}, when the
 *   last scenario ends including its gracefulStop; {@link scenarioDurationMs}; {@link hasWork}.
 *
 * Scenarios are passed as normalized (unscaled); each function applies the tuple itself. All times
 * are milliseconds from the scenario's start, except the full plan's, which count from the test's
 * start. Step times are computed in integer nanoseconds as k6 does.
 *
 * @example
 * const tuple = ExecutionTuple.create(options.executionSegment, options.executionSegmentSequence);
 * const vusToInitialise = maxPossibleVUs(options.scenarios, tuple);
 * const cursor = arrivalIterations(scenario, tuple);
 * while (cursor.advance()) startAt(cursor.atMs, cursor.globalIndex);
 */
export {
  type ArrivalCursor,
  type ArrivalRateScenario,
  arrivalIterations,
  plannedIterations,
} from "./arrival-rate.js";
export { type RampingVusPlan, rampingVusSteps, type VuStep } from "./ramping-vus.js";
export {
  type ExecutionStep,
  executionRequirements,
  fullExecutionRequirements,
  hasWork,
  maxDurationMs,
  maxPlannedVUs,
  maxPossibleVUs,
  scenarioDurationMs,
} from "./requirements.js";
export { scaledScenario } from "./scaled-scenario.js";
