import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ConstantArrivalRate, RampingArrivalRate } from "../../options/index.js";
import { ExecutionTuple } from "../segments/index.js";
import { instancesOf } from "../segments/instances.test-helpers.js";
import {
  type ArrivalCursor,
  type ArrivalRateScenario,
  arrivalIterations,
  plannedIterations,
} from "./arrival-rate.js";
import { scenarioOf } from "./scenario.test-helpers.js";

/** Everything a cursor yields, as `[globalIndex, atMs]` pairs. */
function drain(cursor: ArrivalCursor): [number, number][] {
  const starts: [number, number][] = [];
  while (cursor.advance()) starts.push([cursor.globalIndex, cursor.atMs]);
  return starts;
}

const times = (scenario: ArrivalRateScenario, tuple = ExecutionTuple.create()) =>
  drain(arrivalIterations(scenario, tuple)).map(([, atMs]) => atMs);

const constant = (raw: Record<string, unknown>) =>
  scenarioOf<ConstantArrivalRate>({ executor: "constant-arrival-rate", preAllocatedVUs: 3, ...raw });

const ramping = (raw: Record<string, unknown>) =>
  scenarioOf<RampingArrivalRate>({ executor: "ramping-arrival-rate", preAllocatedVUs: 3, ...raw });

describe("constant-arrival-rate", () => {
  it("starts iteration i at i * timeUnit / rate while before the duration", () => {
    const scenario = constant({ rate: 10, duration: "1s" });
    expect(drain(arrivalIterations(scenario, ExecutionTuple.create()))).toEqual(
      Array.from({ length: 10 }, (_, index) => [index, index * 100]),
    );
    expect(plannedIterations(scenario)).toBe(10);
  });

  it("counts the rate per timeUnit, here per minute", () => {
    const scenario = constant({ rate: 30, timeUnit: "1m", duration: "5s" });
    expect(times(scenario)).toEqual([0, 2000, 4000]);
  });

  it("keeps a partial last period", () => {
    expect(plannedIterations(constant({ rate: 3, duration: "1.5s" }))).toBe(5);
    expect(plannedIterations(constant({ rate: 7, timeUnit: "3s", duration: "1s" }))).toBe(3);
  });

  it("gives an instance with no VUs nothing to start", () => {
    const scenario = constant({ rate: 10, duration: "1s", preAllocatedVUs: 2 });
    expect(drain(arrivalIterations(scenario, ExecutionTuple.create("2/3:1", "0,1/3,2/3,1")))).toEqual([]);
  });

  it("deals the iterations out by maxVUs: 2 VUs over thirds means halves", () => {
    const scenario = constant({ rate: 10, duration: "1s", preAllocatedVUs: 2 });
    const [first, second] = instancesOf("0,1/3,2/3,1").map((tuple) =>
      drain(arrivalIterations(scenario, tuple)),
    );
    expect(first?.map(([index]) => index)).toEqual([0, 2, 4, 6, 8]);
    expect(second).toEqual([1, 3, 5, 7, 9].map((index) => [index, index * 100]));
  });
});

// k6's TestRampingArrivalRateCal: 0 → 1/s over 5s, 1/s for 1s, 1 → 0/s over 5s.
const calStages = [
  { duration: "5s", target: 1 },
  { duration: "1s", target: 1 },
  { duration: "5s", target: 0 },
];

describe("ramping-arrival-rate", () => {
  it("solves the area under the rate curve like k6's cal", () => {
    const scenario = ramping({ stages: calStages });
    expectClose(times(scenario), [3162, 4472, 5500, 6527, 7837, 11000]);
    expect(plannedIterations(scenario)).toBe(6);
  });

  it.each([
    ["0:1/3", undefined, [4472, 7837]],
    ["0:1/3", "0,1/3,1", [4472, 7837]],
    ["1/3:2/3", undefined, [4472, 7837]],
    ["2/3:1", undefined, [4472, 7837]],
    ["0:1/3", "0,1/3,2/3,1", [3162, 6527]],
    ["1/3:2/3", "0,1/3,2/3,1", [4472, 7837]],
    ["2/3:1", "0,1/3,2/3,1", [5500, 11000]],
  ] as [string, string | undefined, number[]][])("matches k6 for %s in %s", (segment, sequence, expected) => {
    // maxVUs 3 re-segments thirds into themselves, as in k6's test, which passes the tuple unchanged.
    expectClose(times(ramping({ stages: calStages }), ExecutionTuple.create(segment, sequence)), expected);
  });

  it("matches k6 with a time unit of a third of a second", () => {
    expectClose(
      times(ramping({ stages: calStages, timeUnit: 1000 / 3 })),
      [
        1825, 2581, 3162, 3651, 4082, 4472, 4830, 5166, 5499, 5833, 6169, 6527, 6917, 7348, 7837, 8418, 9174,
        10999,
      ],
    );
  });

  it("starts nothing while the rate stays 0, and handles flat stages exactly", () => {
    const scenario = ramping({
      stages: [
        { duration: "2s", target: 0 },
        { duration: "0s", target: 4 },
        { duration: "1s", target: 4 },
      ],
    });
    expect(times(scenario)).toEqual([2250, 2500, 2750, 3000]);
  });

  it("counts a start rate per minute", () => {
    const scenario = ramping({ startRate: 60, timeUnit: "1m", stages: [{ duration: "3s", target: 60 }] });
    expect(times(scenario)).toEqual([1000, 2000, 3000]);
  });

  it("ramps down to 0 with the last start exactly at the end", () => {
    const scenario = ramping({ startRate: 4, stages: [{ duration: "2s", target: 0 }] });
    expectClose(times(scenario), [268, 586, 1000, 2000]);
  });

  it("never starts the same iteration twice across instances, and together starts them all", () => {
    const stage = fc.record({
      duration: fc.integer({ min: 0, max: 3000 }),
      target: fc.integer({ min: 0, max: 40 }),
    });
    const sequence = fc.constantFrom(
      "0,1",
      "0,1/2,1",
      "0,1/3,2/3,1",
      "0,1/2,3/4,1",
      "0,0.1,0.3,0.6,1",
      "0,1/8,1/4,1/2,5/8,3/4,7/8,15/16,1",
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.array(stage, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 12 }),
        sequence,
        (startRate, stages, maxVUs, points) => {
          const scenario = ramping({ startRate, stages, preAllocatedVUs: maxVUs });
          const all = drain(arrivalIterations(scenario, ExecutionTuple.create()));
          const starts = instancesOf(points).flatMap((tuple) => drain(arrivalIterations(scenario, tuple)));
          const sorted = [...starts].sort((a, b) => a[0] - b[0]);
          return (
            all.length === plannedIterations(scenario) &&
            sorted.length === all.length &&
            sorted.every(([index, atMs], position) => index === position && atMs === all[position]?.[1])
          );
        },
      ),
      { numRuns: 120 },
    );
  });

  it("starts each instance's iterations in time order", () => {
    const scenario = ramping({
      startRate: 5,
      stages: [
        { duration: "3s", target: 50 },
        { duration: "2s", target: 0 },
      ],
    });
    for (const tuple of instancesOf("0,1/3,2/3,1")) {
      const starts = times(scenario, tuple);
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
      expect(starts.at(-1)).toBeLessThanOrEqual(5000);
    }
  });
});

/** Same length, each within 0.1% (k6's test tolerance) of the expected ms. */
function expectClose(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, index) => {
    expect(Math.abs(value - (expected[index] ?? 0))).toBeLessThanOrEqual((expected[index] ?? 0) * 0.001);
  });
}
