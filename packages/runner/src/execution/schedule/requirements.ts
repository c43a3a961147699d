import type { Scenario } from "../../options/index.js";
import { ExecutionTuple } from "../segments/index.js";
import { rampingVusSteps } from "./ramping-vus.js";
import { scaledScenario } from "./scaled-scenario.js";

/**
 * From `atMs` on, `plannedVUs` VUs are needed, and up to `maxUnplannedVUs` more may be initialised
 * during the run (arrival-rate executors short of free VUs). k6's `ExecutionStep`.
 */
export interface ExecutionStep {
  atMs: number;
  plannedVUs: number;
  maxUnplannedVUs: number;
}

/**
 * What one scenario needs of this instance over time, relative to its own start (k6's
 * `GetExecutionRequirements`): its scaled VUs from 0 until its end including gracefulStop, then 0.
 * ramping-vus follows its graceful plan; an externally-controlled scenario holds its maxVUs, for
 * ever when its duration is 0. Arrival-rate executors plan their preAllocatedVUs and may add
 * `maxVUs - preAllocatedVUs` (both scaled: the VUs their run can actually reach; k6's
 * ramping-arrival-rate scales the difference instead, which can overstate it by one).
 */
export function executionRequirements(scenario: Scenario, tuple: ExecutionTuple): ExecutionStep[] {
  const step = (atMs: number, plannedVUs: number, maxUnplannedVUs = 0): ExecutionStep => ({
    atMs,
    plannedVUs,
    maxUnplannedVUs,
  });
  if (scenario.executor === "ramping-vus") {
    return rampingVusSteps(scenario, tuple).graceful.map(({ atMs, vus }) => step(atMs, vus));
  }
  const share = scaledScenario(scenario, tuple);
  const end = scenarioDurationMs(share) + share.gracefulStop;
  switch (share.executor) {
    case "shared-iterations":
      return share.vus === 0 ? [step(0, 0)] : [step(0, share.vus), step(end, 0)];
    case "per-vu-iterations":
    case "constant-vus":
      return [step(0, share.vus), step(end, 0)];
    case "constant-arrival-rate":
    case "ramping-arrival-rate":
      return [step(0, share.preAllocatedVUs, share.maxVUs - share.preAllocatedVUs), step(end, 0)];
    case "externally-controlled":
      // Its gracefulStop is 0; a duration of 0 means no planned end, so the VUs are never released.
      return share.duration === 0 ? [step(0, share.maxVUs)] : [step(0, share.maxVUs), step(end, 0)];
  }
}

/**
 * k6's `GetFullExecutionRequirements`: the requirements of all scenarios on one timeline (each
 * shifted by its startTime), summed wherever they overlap. Scenarios are taken in k6's order (start
 * time, then name) and simultaneous steps in that order, so the sums are k6's exactly.
 */
export function fullExecutionRequirements(
  scenarios: readonly Scenario[],
  tuple: ExecutionTuple,
): ExecutionStep[] {
  const ordered = [...scenarios].sort((a, b) => a.startTime - b.startTime || compareNames(a.name, b.name));
  const tracked = ordered
    .flatMap((scenario, id) =>
      executionRequirements(scenario, tuple).map((step) => ({
        ...step,
        atMs: step.atMs + scenario.startTime,
        id,
      })),
    )
    .sort((a, b) => a.atMs - b.atMs || a.id - b.id);
  const planned = ordered.map(() => 0);
  const unplanned = ordered.map(() => 0);
  const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);
  const combined: ExecutionStep[] = [];
  for (const step of tracked) {
    planned[step.id] = step.plannedVUs;
    unplanned[step.id] = step.maxUnplannedVUs;
    const last = combined[combined.length - 1];
    const next = { atMs: step.atMs, plannedVUs: sum(planned), maxUnplannedVUs: sum(unplanned) };
    if (!last || last.plannedVUs !== next.plannedVUs || last.maxUnplannedVUs !== next.maxUnplannedVUs) {
      combined.push(next);
    }
  }
  return combined;
}

/**
 * The most VUs planned at any moment, over all scenarios together (k6's `GetMaxPlannedVUs`):
 * scenarios that overlap in time, gracefulStop included, add up; ones that follow each other share.
 */
export function maxPlannedVUs(scenarios: readonly Scenario[], tuple: ExecutionTuple): number {
  return fullExecutionRequirements(scenarios, tuple).reduce((max, step) => Math.max(max, step.plannedVUs), 0);
}

/**
 * The most VUs that may exist at any moment, planned plus those arrival-rate executors may add up to
 * their maxVUs (k6's `GetMaxPossibleVUs`). The runner initialises this many VUs before the start.
 */
export function maxPossibleVUs(scenarios: readonly Scenario[], tuple: ExecutionTuple): number {
  return fullExecutionRequirements(scenarios, tuple).reduce(
    (max, step) => Math.max(max, step.plannedVUs + step.maxUnplannedVUs),
    0,
  );
}

/**
 * When the last scenario ends at the latest, in ms from the start of the test: its startTime plus
 * its duration plus its gracefulStop (for ramping-vus, the end of its graceful plan), as the end of
 * k6's full execution plan. `Infinity` when an externally-controlled scenario has no duration. The
 * whole test by default; an instance's own end may come sooner when it has no share of the last
 * scenario.
 */
export function maxDurationMs(
  scenarios: readonly Scenario[],
  tuple: ExecutionTuple = ExecutionTuple.create(),
): number {
  const steps = fullExecutionRequirements(scenarios, tuple);
  const last = steps[steps.length - 1];
  if (!last) return 0;
  return last.plannedVUs === 0 && last.maxUnplannedVUs === 0 ? last.atMs : Number.POSITIVE_INFINITY;
}

/**
 * A scenario's regular duration, without startTime or gracefulStop: `duration`, `maxDuration` for the
 * iteration-count executors (a limit; they may end sooner), or the sum of the stages.
 * `Infinity` for an externally-controlled scenario with duration 0.
 */
export function scenarioDurationMs(scenario: Scenario): number {
  switch (scenario.executor) {
    case "shared-iterations":
    case "per-vu-iterations":
      return scenario.maxDuration;
    case "constant-vus":
    case "constant-arrival-rate":
      return scenario.duration;
    case "ramping-vus":
    case "ramping-arrival-rate":
      return stagesDuration(scenario.stages);
    case "externally-controlled":
      return scenario.duration === 0 ? Number.POSITIVE_INFINITY : scenario.duration;
  }
}

/**
 * Whether this instance has anything to do in the scenario (k6's `HasWork`): some VUs (and, for the
 * iteration-count executors, some iterations). Always true for externally-controlled, whose VUs can
 * be raised at run time.
 */
export function hasWork(scenario: Scenario, tuple: ExecutionTuple): boolean {
  if (scenario.executor === "ramping-vus") return rampingVusSteps(scenario, tuple).maxVUs > 0;
  const share = scaledScenario(scenario, tuple);
  switch (share.executor) {
    case "shared-iterations":
    case "per-vu-iterations":
      return share.vus > 0 && share.iterations > 0;
    case "constant-vus":
      return share.vus > 0;
    case "constant-arrival-rate":
    case "ramping-arrival-rate":
      return share.maxVUs > 0;
    case "externally-controlled":
      return true;
  }
}

function stagesDuration(stages: readonly { duration: number }[]): number {
  return stages.reduce((sum, stage) => sum + stage.duration, 0);
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
