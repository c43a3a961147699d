import type { ConstantArrivalRate, RampingArrivalRate } from "../../options/index.js";
import type { ExecutionTuple } from "../segments/index.js";
import { NS_PER_MS, toNanos } from "./nanoseconds.js";

/** An arrival-rate scenario. */
export type ArrivalRateScenario = ConstantArrivalRate | RampingArrivalRate;

/**
 * Walks this instance's iteration starts in order, without allocating per step:
 *
 * ```ts
 * const cursor = arrivalIterations(scenario, tuple);
 * while (cursor.advance()) schedule(cursor.atMs, cursor.globalIndex);
 * ```
 */
export interface ArrivalCursor {
  /** Moves to this instance's next iteration; false once there are no more. */
  advance(): boolean;
  /** Index of the current iteration among all instances' iterations (0-based). */
  readonly globalIndex: number;
  /** When the current iteration starts, in ms from the scenario's start. */
  readonly atMs: number;
}

/**
 * The iterations of an arrival-rate scenario that this instance starts, and when (k6's
 * constant-arrival-rate `Run` loop and ramping-arrival-rate `cal`):
 *
 * - Ownership: the tuple is first re-segmented by the scenario's (unscaled) maxVUs, as k6 does, so
 *   an instance with no VUs starts nothing; the instance then starts exactly the global iterations
 *   whose striped index it owns. Across all instances of a sequence, the iterations started are
 *   disjoint and together are exactly `0 .. plannedIterations(scenario) - 1`.
 * - constant-arrival-rate: iteration `i` starts at `i * timeUnit / rate`, for as long as that is
 *   before `duration`.
 * - ramping-arrival-rate: the rate goes linearly from `startRate` through each stage's target;
 *   iteration `i` starts when the area under the rate curve reaches `i + 1`. Within a stage that
 *   starts at rate `a`, ends at `b` and lasts `d`, that is the `t` solving
 *   `a*t + (b-a)*t^2/(2d) = i + 1 - areaBefore`, taken in the form that stays exact for flat stages
 *   (`a = b`) and for `a = 0`. Stages where the rate stays 0, or that last 0, start nothing. An
 *   iteration falling exactly on the end of the last stage is included, as in k6.
 */
export function arrivalIterations(scenario: ArrivalRateScenario, tuple: ExecutionTuple): ArrivalCursor {
  const schedule = scheduleOf(scenario);
  const owner =
    tuple.scale(scenario.maxVUs) === 0 ? undefined : tuple.getNewExecutionTupleFromValue(scenario.maxVUs);
  return new Cursor(schedule, owner);
}

/** How many iterations the scenario starts over all instances together. */
export function plannedIterations(scenario: ArrivalRateScenario): number {
  return scheduleOf(scenario).planned;
}

/** The global schedule: how many iterations, and when each one starts. */
interface Schedule {
  readonly planned: number;
  /** Start of global iteration `index`, in ms; called with increasing indexes only. */
  timeOf(index: number): number;
}

function scheduleOf(scenario: ArrivalRateScenario): Schedule {
  return scenario.executor === "constant-arrival-rate"
    ? constantSchedule(scenario)
    : rampingSchedule(scenario);
}

class Cursor implements ArrivalCursor {
  globalIndex = -1;
  atMs = Number.NaN;
  private local = 0;

  constructor(
    private readonly schedule: Schedule,
    /** The re-segmented tuple whose indexes this instance starts; none when it has no VUs. */
    private owner: ExecutionTuple | undefined,
  ) {}

  advance(): boolean {
    if (this.owner === undefined) return false;
    const next = this.owner.globalIndexOf(this.local);
    if (next >= this.schedule.planned) {
      this.owner = undefined;
      return false;
    }
    this.local += 1;
    this.globalIndex = next;
    this.atMs = this.schedule.timeOf(next);
    return true;
  }
}

/** Iteration `i` at `i * timeUnit / rate` while that is before `duration`: `ceil(duration * rate / timeUnit)` of them. */
function constantSchedule({ rate, timeUnit, duration }: ConstantArrivalRate): Schedule {
  const unit = toNanos(timeUnit);
  const planned = Number((toNanos(duration) * BigInt(rate) + unit - 1n) / unit);
  return { planned, timeOf: (index) => (index * timeUnit) / rate };
}

/** One stage of the rate curve, rates in iterations per timeUnit, times in ns. */
interface RateStage {
  start: number;
  length: number;
  from: number;
  to: number;
  /** Twice the area before the stage, times the timeUnit in ns: exact, as an integer. */
  doubledAreaBefore: number;
  /** How many iterations have started by the end of the stage (floor of the area so far). */
  startedByEnd: number;
}

/**
 * The rate curve as stages with their areas. Areas are kept doubled and multiplied by the time unit
 * (`sum of length * (from + to)`) so that they are integers and the count of iterations per stage
 * is exact; only the time inside a stage is a float.
 */
function rampingSchedule({ startRate, timeUnit, stages }: RampingArrivalRate): Schedule {
  const unit = toNanos(timeUnit);
  const curve: RateStage[] = [];
  let start = 0n;
  let doubledArea = 0n;
  let from = startRate;
  for (const stage of stages) {
    const length = toNanos(stage.duration);
    const doubledAreaBefore = doubledArea;
    doubledArea += length * BigInt(from + stage.target);
    curve.push({
      start: Number(start),
      length: Number(length),
      from,
      to: stage.target,
      doubledAreaBefore: Number(doubledAreaBefore),
      startedByEnd: Number(doubledArea / (2n * unit)),
    });
    start += length;
    from = stage.target;
  }
  const unitNs = Number(unit);
  let current = 0;
  return {
    planned: curve[curve.length - 1]?.startedByEnd ?? 0,
    timeOf(index) {
      const count = index + 1;
      // Indexes only grow, so the stage pointer only moves forward: O(1) amortized.
      while ((curve[current] as RateStage).startedByEnd < count) current += 1;
      const { start: stageStart, length, from: a, to: b, doubledAreaBefore } = curve[current] as RateStage;
      // rate * time in ns still to cover inside this stage: (count - areaBefore) * timeUnit.
      const needed = count * unitNs - doubledAreaBefore / 2;
      const offset =
        a === b
          ? needed / a
          : (2 * needed) / (a + Math.sqrt(Math.max(0, a * a + (2 * (b - a) * needed) / length)));
      return (stageStart + offset) / NS_PER_MS;
    },
  };
}
