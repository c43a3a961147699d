import { describe, expect, it } from "vitest";
import type { Scenario } from "../../options/index.js";
import { ExecutionTuple } from "../segments/index.js";
import {
  executionRequirements,
  fullExecutionRequirements,
  hasWork,
  maxDurationMs,
  maxPlannedVUs,
  maxPossibleVUs,
  scenarioDurationMs,
} from "./requirements.js";
import { scenarioOf } from "./scenario.test-helpers.js";

const whole = ExecutionTuple.create();
const step = (atMs: number, plannedVUs: number, maxUnplannedVUs = 0) => ({
  atMs,
  plannedVUs,
  maxUnplannedVUs,
});

const constantVus = (vus: number, extra: Record<string, unknown> = {}, name = "test") =>
  scenarioOf<Scenario>({ executor: "constant-vus", vus, duration: "10s", ...extra }, name);
const arrival = (extra: Record<string, unknown> = {}, name = "test") =>
  scenarioOf<Scenario>(
    {
      executor: "constant-arrival-rate",
      rate: 10,
      duration: "10s",
      preAllocatedVUs: 5,
      maxVUs: 20,
      ...extra,
    },
    name,
  );

describe("executionRequirements (k6's GetExecutionRequirements)", () => {
  it.each([
    [
      { executor: "shared-iterations", vus: 3, iterations: 9, maxDuration: "1m" },
      [step(0, 3), step(90_000, 0)],
    ],
    [{ executor: "per-vu-iterations", vus: 3, gracefulStop: 0 }, [step(0, 3), step(600_000, 0)]],
    [
      { executor: "constant-vus", vus: 2, duration: "10s", gracefulStop: "5s" },
      [step(0, 2), step(15_000, 0)],
    ],
    [
      { executor: "constant-arrival-rate", rate: 1, duration: "10s", preAllocatedVUs: 5, maxVUs: 20 },
      [step(0, 5, 15), step(40_000, 0)],
    ],
    [
      { executor: "ramping-arrival-rate", stages: [{ duration: "20s", target: 5 }], preAllocatedVUs: 2 },
      [step(0, 2), step(50_000, 0)],
    ],
    [{ executor: "externally-controlled", vus: 1, maxVUs: 4, duration: "1m" }, [step(0, 4), step(60_000, 0)]],
    [{ executor: "externally-controlled", vus: 1, duration: 0 }, [step(0, 1)]],
    [
      { executor: "ramping-vus", startVUs: 0, stages: [{ duration: "2s", target: 2 }], gracefulStop: "1s" },
      [step(0, 0), step(1000, 1), step(2000, 2), step(3000, 0)],
    ],
  ])("plans %j", (raw, expected) => {
    expect(executionRequirements(scenarioOf<Scenario>(raw), whole)).toEqual(expected);
  });

  it("plans an instance's share of the VUs, and nothing when it has none", () => {
    const scenario = scenarioOf<Scenario>({ executor: "shared-iterations", vus: 1 });
    expect(executionRequirements(scenario, ExecutionTuple.create("1/2:1"))).toEqual([step(0, 0)]);
    expect(executionRequirements(arrival(), ExecutionTuple.create("0:1/3", "0,1/3,2/3,1"))).toEqual([
      step(0, 2, 5),
      step(40_000, 0),
    ]);
  });
});

describe("fullExecutionRequirements and the VUs to initialise", () => {
  it("adds up scenarios that overlap, gracefulStop included", () => {
    const first = constantVus(10, { gracefulStop: "5s" }, "first");
    const second = constantVus(4, { startTime: "12s" }, "second");
    expect(fullExecutionRequirements([second, first], whole)).toEqual([
      step(0, 10),
      step(12_000, 14),
      step(15_000, 4),
      step(52_000, 0),
    ]);
    expect(maxPlannedVUs([first, second], whole)).toBe(14);
  });

  it("lets scenarios that follow each other share their VUs", () => {
    const first = constantVus(10, { gracefulStop: 0 }, "first");
    const second = constantVus(4, { startTime: "10s" }, "second");
    expect(maxPlannedVUs([first, second], whole)).toBe(10);
  });

  it("counts arrival-rate maxVUs only in the possible VUs", () => {
    const scenarios = [arrival({}, "api"), constantVus(3, {}, "browse")];
    expect(maxPlannedVUs(scenarios, whole)).toBe(8);
    expect(maxPossibleVUs(scenarios, whole)).toBe(23);
    expect(maxPossibleVUs(scenarios, ExecutionTuple.create("1/2:1"))).toBe(11);
  });

  it("ends with the last scenario's gracefulStop", () => {
    const scenarios = [constantVus(1, {}, "a"), constantVus(1, { startTime: "1m", gracefulStop: "2s" }, "b")];
    expect(maxDurationMs(scenarios)).toBe(72_000);
  });

  it("never ends with an externally-controlled scenario of duration 0", () => {
    const manual = scenarioOf<Scenario>({ executor: "externally-controlled", vus: 1, duration: 0 });
    expect(maxDurationMs([manual, constantVus(1, {}, "b")])).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("scenarioDurationMs and hasWork", () => {
  it("gives each executor's regular duration", () => {
    expect(scenarioDurationMs(constantVus(1))).toBe(10_000);
    expect(scenarioDurationMs(scenarioOf({ executor: "per-vu-iterations" }))).toBe(600_000);
    expect(
      scenarioDurationMs(
        scenarioOf({
          executor: "ramping-vus",
          stages: [
            { duration: "10s", target: 1 },
            { duration: "5s", target: 0 },
          ],
        }),
      ),
    ).toBe(15_000);
    expect(scenarioDurationMs(scenarioOf({ executor: "externally-controlled", duration: 0 }))).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it("knows when an instance has nothing to do", () => {
    const last = ExecutionTuple.create("2/3:1", "0,1/3,2/3,1");
    expect(hasWork(constantVus(2), last)).toBe(false);
    expect(hasWork(constantVus(3), last)).toBe(true);
    expect(hasWork(arrival({ preAllocatedVUs: 0, maxVUs: 2 }), last)).toBe(false);
    expect(
      hasWork(
        scenarioOf({ executor: "ramping-vus", startVUs: 0, stages: [{ duration: "1s", target: 2 }] }),
        last,
      ),
    ).toBe(false);
    expect(hasWork(scenarioOf({ executor: "externally-controlled", duration: 0 }), last)).toBe(true);
  });
});
