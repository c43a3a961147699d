import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RampingVus } from "../../options/index.js";
import { ExecutionSegment, ExecutionSegmentSequence, ExecutionTuple, Rational } from "../segments/index.js";
import { rampingVusSteps, type VuStep } from "./ramping-vus.js";
import { scenarioOf } from "./scenario.test-helpers.js";

const s = (seconds: number) => seconds * 1000;

/** `[seconds, vus]` pairs as steps. */
const steps = (pairs: [number, number][]): VuStep[] => pairs.map(([at, vus]) => ({ atMs: s(at), vus }));

function rampingVus(
  startVUs: number,
  stages: [number, number][],
  extra: Record<string, unknown> = {},
): RampingVus {
  return scenarioOf<RampingVus>({
    executor: "ramping-vus",
    startVUs,
    stages: stages.map(([seconds, target]) => ({ duration: s(seconds), target })),
    ...extra,
  });
}

// k6's TestRampingVUsConfigExecutionPlanExample: 4 → 6 → 1 → 5 → 1 → 4 → 4 → 1 (jump) → 1.
const example: [number, number][] = [
  [2, 6],
  [5, 1],
  [4, 5],
  [4, 1],
  [3, 4],
  [2, 4],
  [0, 1],
  [3, 1],
];
const whole = ExecutionTuple.create();

describe("rampingVusSteps raw steps (k6's getRawExecutionSteps)", () => {
  it("follows k6's execution plan example one VU at a time", () => {
    const plan = rampingVusSteps(rampingVus(4, example), whole);
    expect(plan.raw).toEqual(
      steps([
        [0, 4],
        [1, 5],
        [2, 6],
        [3, 5],
        [4, 4],
        [5, 3],
        [6, 2],
        [7, 1],
        [8, 2],
        [9, 3],
        [10, 4],
        [11, 5],
        [12, 4],
        [13, 3],
        [14, 2],
        [15, 1],
        [16, 2],
        [17, 3],
        [18, 4],
        [20, 1],
        [23, 0],
      ]),
    );
    expect(plan.regularDurationMs).toBe(s(23));
  });

  it("gives the first third of the example its own VUs", () => {
    const plan = rampingVusSteps(rampingVus(4, example), ExecutionTuple.create("0:1/3"));
    expect(plan.raw).toEqual(
      steps([
        [0, 1],
        [1, 2],
        [4, 1],
        [7, 0],
        [8, 1],
        [11, 2],
        [12, 1],
        [15, 0],
        [16, 1],
        [20, 0],
      ]),
    );
    expect(plan.regularDurationMs).toBe(s(20));
  });

  // k6's TestRampingVUsExecutionTupleTests, with jumps and drops to 0 added to the example.
  const longer: [number, number][] = [...example, [0, 5], [3, 5], [0, 0], [2, 2], [2, 0], [4, 4]];
  it.each([
    [
      "0:1/3",
      undefined,
      [
        [0, 1],
        [1, 2],
        [4, 1],
        [7, 0],
        [8, 1],
        [11, 2],
        [12, 1],
        [15, 0],
        [16, 1],
        [20, 0],
        [23, 2],
        [26, 0],
        [28, 1],
        [29, 0],
        [32, 1],
      ],
    ],
    [
      "0:1/3",
      "0,1/3,1",
      [
        [0, 1],
        [1, 2],
        [4, 1],
        [7, 0],
        [8, 1],
        [11, 2],
        [12, 1],
        [15, 0],
        [16, 1],
        [20, 0],
        [23, 2],
        [26, 0],
        [28, 1],
        [29, 0],
        [32, 1],
      ],
    ],
    [
      "0:1/3",
      "0,1/3,2/3,1",
      [
        [0, 2],
        [5, 1],
        [10, 2],
        [13, 1],
        [18, 2],
        [20, 1],
        [23, 2],
        [26, 0],
        [27, 1],
        [30, 0],
        [31, 1],
        [34, 2],
      ],
    ],
    [
      "1/3:2/3",
      "0,1/3,2/3,1",
      [
        [0, 1],
        [1, 2],
        [4, 1],
        [7, 0],
        [8, 1],
        [11, 2],
        [12, 1],
        [15, 0],
        [16, 1],
        [20, 0],
        [23, 2],
        [26, 0],
        [28, 1],
        [29, 0],
        [32, 1],
      ],
    ],
    [
      "2/3:1",
      "0,1/3,2/3,1",
      [
        [0, 1],
        [2, 2],
        [3, 1],
        [6, 0],
        [9, 1],
        [14, 0],
        [17, 1],
        [20, 0],
        [23, 1],
        [26, 0],
        [33, 1],
      ],
    ],
  ] as [string, string | undefined, [number, number][]][])(
    "matches k6 for %s in %s",
    (segment, sequence, expected) => {
      const raw = rampingVusSteps(rampingVus(4, longer), ExecutionTuple.create(segment, sequence)).raw;
      expect(raw).toEqual([...steps(expected), { atMs: s(34), vus: 0 }]);
    },
  );

  // k6's TestRampingVUsGetRawExecutionStepsCornerCases.
  const upDown: [number, number][] = [
    [2, 2],
    [2, 0],
    [2, 2],
    [2, 0],
  ];
  it.each([
    [
      "going up then down straight away",
      2,
      [
        [0, 5],
        [2, 3],
      ],
      undefined,
      [
        [0, 2],
        [0, 5],
        [1, 4],
        [2, 3],
        [2, 0],
      ],
    ],
    [
      "jump up then go up again",
      3,
      [[2, 5]],
      undefined,
      [
        [0, 3],
        [1, 4],
        [2, 5],
        [2, 0],
      ],
    ],
    [
      "up down up down",
      0,
      upDown,
      undefined,
      [
        [0, 0],
        [1, 1],
        [2, 2],
        [3, 1],
        [4, 0],
        [5, 1],
        [6, 2],
        [7, 1],
        [8, 0],
      ],
    ],
    [
      "in half",
      0,
      upDown,
      ["0:1/2"],
      [
        [0, 0],
        [1, 1],
        [4, 0],
        [5, 1],
        [8, 0],
      ],
    ],
    [
      "in the other half",
      0,
      upDown,
      ["1/2:1"],
      [
        [0, 0],
        [2, 1],
        [3, 0],
        [6, 1],
        [7, 0],
      ],
    ],
    ["with nothing", 0, upDown, ["2/3:1", "0,1/3,2/3,1"], [[0, 0]]],
    [
      "with a funky sequence",
      0,
      upDown,
      ["0:1/3", "0,1/3,1/2,2/3,1"],
      [
        [0, 0],
        [1, 1],
        [4, 0],
        [5, 1],
        [8, 0],
      ],
    ],
    [
      "strange",
      0,
      [
        [20, 20],
        [30, 30],
      ],
      ["0:0.3", "0,0.3,0.6,0.9,1"],
      [
        [0, 0],
        [1, 1],
        [5, 2],
        [8, 3],
        [11, 4],
        [15, 5],
        [18, 6],
        [23, 7],
        [35, 8],
        [44, 9],
        [50, 0],
      ],
    ],
    [
      "more up and down",
      0,
      [
        [5, 5],
        [5, 0],
      ],
      undefined,
      [
        [0, 0],
        [1, 1],
        [2, 2],
        [3, 3],
        [4, 4],
        [5, 5],
        [6, 4],
        [7, 3],
        [8, 2],
        [9, 1],
        [10, 0],
      ],
    ],
  ] as [string, number, [number, number][], [string, string?] | undefined, [number, number][]][])(
    "matches k6's corner case: %s",
    (_name, start, stages, segment, expected) => {
      const tuple = segment ? ExecutionTuple.create(...segment) : whole;
      expect(rampingVusSteps(rampingVus(start, stages), tuple).raw).toEqual(steps(expected));
    },
  );

  it("drops to 0 instantly on a stage with target 0 and no duration", () => {
    expect(
      rampingVusSteps(
        rampingVus(3, [
          [1, 3],
          [0, 0],
          [1, 0],
        ]),
        whole,
      ).raw,
    ).toEqual(
      steps([
        [0, 3],
        [1, 0],
      ]),
    );
  });

  it("lets all instances of a sequence follow the global ramp exactly", () => {
    const stage = fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 30 }));
    const weights = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.array(stage, { minLength: 1, maxLength: 5 }),
        weights,
        (start, stages, parts) => {
          fc.pre(Math.max(start, ...stages.map(([, target]) => target)) > 0);
          const scenario = rampingVus(start, stages);
          const global = rampingVusSteps(scenario, whole).raw;
          const instances = sequenceOf(parts).segments.map(
            (segment) => rampingVusSteps(scenario, ExecutionTuple.of(segment, sequenceOf(parts))).raw,
          );
          const times = [...new Set([...global, ...instances.flat()].map((step) => step.atMs))];
          return times.every(
            (time) => instances.reduce((sum, plan) => sum + vusAt(plan, time), 0) === vusAt(global, time),
          );
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe("rampingVusSteps graceful steps (k6's GetExecutionRequirements)", () => {
  it.each([
    [
      {},
      [
        [0, 4],
        [1, 5],
        [2, 6],
        [33, 5],
        [42, 4],
        [50, 1],
        [53, 0],
      ],
    ],
    [
      { gracefulStop: "80s" },
      [
        [0, 4],
        [1, 5],
        [2, 6],
        [33, 5],
        [42, 4],
        [50, 1],
        [103, 0],
      ],
    ],
    [
      { gracefulStop: "3s" },
      [
        [0, 4],
        [1, 5],
        [2, 6],
        [26, 0],
      ],
    ],
    [
      { gracefulStop: 0 },
      [
        [0, 4],
        [1, 5],
        [2, 6],
        [23, 0],
      ],
    ],
  ] as [Record<string, unknown>, [number, number][]][])(
    "holds ramp-downs as k6 does with %j",
    (extra, expected) => {
      const plan = rampingVusSteps(rampingVus(4, example, extra), whole);
      expect(plan.graceful).toEqual(steps(expected));
      expect(plan.maxDurationMs).toBe(s(expected[expected.length - 1]?.[0] ?? 0));
      expect(plan.maxVUs).toBe(6);
    },
  );

  it("is the raw plan when both graceful periods are 0", () => {
    const plan = rampingVusSteps(rampingVus(4, example, { gracefulStop: 0, gracefulRampDown: 0 }), whole);
    expect(plan.graceful).toEqual(plan.raw);
  });

  it.each([
    [
      {},
      [
        [0, 1],
        [1, 2],
        [42, 1],
        [50, 0],
      ],
    ],
    [
      { gracefulStop: "80s" },
      [
        [0, 1],
        [1, 2],
        [42, 1],
        [50, 0],
      ],
    ],
    [
      { gracefulStop: "3s" },
      [
        [0, 1],
        [1, 2],
        [26, 0],
      ],
    ],
    [
      { gracefulStop: 0 },
      [
        [0, 1],
        [1, 2],
        [23, 0],
      ],
    ],
  ] as [Record<string, unknown>, [number, number][]][])(
    "holds the first third's ramp-downs as k6 with %j",
    (extra, expected) => {
      expect(rampingVusSteps(rampingVus(4, example, extra), ExecutionTuple.create("0:1/3")).graceful).toEqual(
        steps(expected),
      );
    },
  );
});

/** The VUs a plan has at `time`: the last step at or before it. */
function vusAt(plan: VuStep[], time: number): number {
  return plan.filter((step) => step.atMs <= time).at(-1)?.vus ?? 0;
}

/** A full sequence with segments proportional to `weights`. */
function sequenceOf(weights: number[]): ExecutionSegmentSequence {
  const total = BigInt(weights.reduce((sum, weight) => sum + weight, 0));
  let before = 0n;
  return new ExecutionSegmentSequence(
    weights.map((weight) => {
      const from = before;
      before += BigInt(weight);
      return new ExecutionSegment(Rational.of(from, total), Rational.of(before, total));
    }),
  );
}
