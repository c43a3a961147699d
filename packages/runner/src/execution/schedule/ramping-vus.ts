import type { RampingVus } from "../../options/index.js";
import { type ExecutionTuple, SegmentedIndex } from "../segments/index.js";
import { toMs, toNanos } from "./nanoseconds.js";

/** From `atMs` (relative to the scenario's start) on, `vus` VUs. */
export interface VuStep {
  atMs: number;
  vus: number;
}

/**
 * The ramping-vus plan of one instance, as k6's `RampingVUs` executor follows it:
 *
 * - `raw`: when the number of VUs that should be running iterations changes (k6's
 *   `getRawExecutionSteps` with a final 0). When it drops, the VUs taken away finish their
 *   iteration first (up to gracefulRampDown).
 * - `graceful`: how many VUs may still be busy at each moment (k6's `GetExecutionRequirements`):
 *   a drop is held for gracefulRampDown, and everything ends at the end of the stages plus
 *   gracefulStop. When it drops, iterations still running on the VUs above it are interrupted.
 *
 * Striping makes each instance's steps such that all instances of one sequence together follow the
 * global ramp exactly: thirds of a 0 → 10 ramp start their VUs at the global times of VUs 1, 4, 7, 10
 * / 2, 5, 8 / 3, 6, 9. Step times are k6's, computed in integer nanoseconds.
 */
export interface RampingVusPlan {
  raw: VuStep[];
  graceful: VuStep[];
  /** End of the regular run: the last raw step, when this instance's VUs reach 0 (k6's regular duration). */
  regularDurationMs: number;
  /** End of the graceful steps: when the last iteration is interrupted at the latest. */
  maxDurationMs: number;
  /** Most VUs this instance ever needs for the scenario. */
  maxVUs: number;
}

/** A step in integer nanoseconds, as k6 computes them. */
interface NsStep {
  at: bigint;
  vus: number;
}

/** Computes the {@link RampingVusPlan} of `scenario` (unscaled, as normalized) for `tuple`. */
export function rampingVusSteps(scenario: RampingVus, tuple: ExecutionTuple): RampingVusPlan {
  const stagesEnd = scenario.stages.reduce((sum, stage) => sum + toNanos(stage.duration), 0n);
  const steps = rawSteps(scenario, tuple);
  // k6 computes the raw plan twice, with and without a final 0; computing it once is enough.
  const raw = endingAtZero(steps, stagesEnd);
  const graceful = gracefulSteps(scenario, steps, stagesEnd);
  const toVuSteps = (list: NsStep[]): VuStep[] =>
    list.map((step) => ({ atMs: toMs(step.at), vus: step.vus }));
  return {
    raw: toVuSteps(raw),
    graceful: toVuSteps(graceful),
    regularDurationMs: toMs(raw[raw.length - 1]?.at ?? 0n),
    maxDurationMs: toMs(graceful[graceful.length - 1]?.at ?? 0n),
    maxVUs: graceful.reduce((max, step) => Math.max(max, step.vus), 0),
  };
}

/** `steps` with a last step to 0 VUs at `end`, unless they already end at 0 (k6's `zeroEnd`). */
function endingAtZero(steps: NsStep[], end: bigint): NsStep[] {
  return steps[steps.length - 1]?.vus === 0 ? steps : [...steps, { at: end, vus: 0 }];
}

/**
 * k6's `GetExecutionRequirements` for ramping-vus: the raw steps with each drop held for
 * gracefulRampDown, ending with 0 VUs at the end of the stages plus gracefulStop.
 */
function gracefulSteps(scenario: RampingVus, raw: NsStep[], stagesEnd: bigint): NsStep[] {
  const end = stagesEnd + toNanos(scenario.gracefulStop);
  const rampDown = toNanos(scenario.gracefulRampDown);
  return endingAtZero(rampDown > 0n ? reserveForGracefulRampDowns(raw, end, rampDown) : raw, end);
}

/**
 * k6's `getRawExecutionSteps`: walks the stages and, with a {@link SegmentedIndex}, finds the
 * moment each of this instance's VUs starts (ramp up) or stops (ramp down). A VU whose global number
 * is `u` starts when the global ramp reaches `u` VUs and, on the way down, stops when it drops below
 * `u`. Times use k6's integer arithmetic (truncating division, in ns).
 */
function rawSteps(scenario: RampingVus, tuple: ExecutionTuple): NsStep[] {
  const index = new SegmentedIndex(tuple).goTo(scenario.startVUs);
  const steps: NsStep[] = [{ at: 0n, vus: index.scaled }];
  const addStep = (at: bigint, vus: number): void => {
    if (steps[steps.length - 1]?.vus !== vus) steps.push({ at, vus });
  };
  let stageEnd = 0n;
  let fromVUs = scenario.startVUs;
  for (const stage of scenario.stages) {
    const duration = toNanos(stage.duration);
    const target = stage.target;
    stageEnd += duration;
    const change = BigInt(target - fromVUs);
    if (change === 0n) continue;
    if (duration === 0n) {
      addStep(stageEnd, index.goTo(target).scaled);
    } else if (index.unscaled > target) {
      // Ramping down: VU u stops when the count drops to u - 1.
      for (; index.unscaled > target; index.prev()) {
        addStep(stageEnd - (duration * BigInt(target - index.unscaled + 1)) / change, index.scaled - 1);
      }
    } else {
      for (; index.unscaled <= target; index.next()) {
        addStep(stageEnd - (duration * BigInt(target - index.unscaled)) / change, index.scaled);
      }
    }
    fromVUs = target;
  }
  return steps;
}

/**
 * k6's `reserveVUsForGracefulRampDowns`: whenever the planned VUs drop, keep the previous number
 * for gracefulRampDown so that the VUs taken away can finish their iteration, unless the ramp comes
 * back up to that number within that time. Never adds steps at or after `end`.
 */
function reserveForGracefulRampDowns(raw: NsStep[], end: bigint, rampDown: bigint): NsStep[] {
  const steps: NsStep[] = [];
  let lastPlanned = 0;
  let lastDownwardSlope = 0;
  for (let rawIndex = 0; rawIndex < raw.length; rawIndex++) {
    const step = raw[rawIndex] as NsStep;
    // Going up (or the first step): newer, larger reservations cover the earlier ones.
    if (rawIndex === 0 || step.vus > lastPlanned) {
      steps.push(step);
      lastPlanned = step.vus;
      continue;
    }
    if (step.vus === lastPlanned) continue;
    // Going down: look ahead within gracefulRampDown for a step back at or above lastPlanned.
    const held = step.at + rampDown;
    let skipped = false;
    let stillDescending = true;
    for (let ahead = Math.max(rawIndex + 1, lastDownwardSlope); ahead < raw.length; ahead++) {
      const next = raw[ahead] as NsStep;
      if (next.at > held) break;
      if (next.vus >= lastPlanned) {
        rawIndex = ahead - 1;
        skipped = true;
        break;
      }
      if (stillDescending) {
        if ((raw[ahead - 1] as NsStep).vus > next.vus) lastDownwardSlope = ahead;
        else stillDescending = false;
      }
    }
    if (skipped) continue;
    if (held >= end) break;
    steps.push({ at: held, vus: step.vus });
    lastPlanned = step.vus;
  }
  return steps;
}
