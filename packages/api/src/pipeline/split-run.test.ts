import { ExecutionTuple, maxPossibleVUs, normalizeOptions } from "@barrage/runner";
import { describe, expect, it } from "vitest";
import type { LoadZone } from "./deps.js";
import { MAX_INSTANCES, PlanError, type RunPlan, splitRun, type ZoneAssignment } from "./split-run.js";

function zone(name: string, vusPerAgent: number): LoadZone {
  return { id: name.length, name, provider: "local", vusPerAgent, config: {} };
}

function assign(...entries: [label: string, percent: number, zone: LoadZone][]): ZoneAssignment[] {
  return entries.map(([label, percent, z]) => ({ share: { label, loadZone: z.name, percent }, zone: z }));
}

/** Asserts that the instances' segments chain from 0 to 1 in the plan's sequence. */
function expectOneSequence(plan: RunPlan): void {
  const sequence = ExecutionTuple.create(plan.instances[0]?.segment, plan.sequence).sequence;
  expect(plan.instances.map((i) => i.segment)).toEqual(sequence.segments.map(String));
}

describe("splitRun", () => {
  it("splits by percent, then into instances within each zone's VUs per agent", () => {
    const scenarios = normalizeOptions({ vus: 1234, duration: "1m" }).scenarios;
    const plan = splitRun(scenarios, assign(["eu", 60, zone("local", 500)], ["us", 40, zone("aws-us", 300)]));
    expect(plan.zones).toEqual([
      { label: "eu", loadZone: "local", percent: 60, vusPerInstance: 500, instances: 2 },
      { label: "us", loadZone: "aws-us", percent: 40, vusPerInstance: 300, instances: 2 },
    ]);
    expect(plan.sequence).toBe("0,3/10,3/5,4/5,1");
    expectOneSequence(plan);
    // Every instance's VUs are its ExecutionTuple share, and the shares add up to the whole.
    for (const instance of plan.instances) {
      expect(instance.vus).toBe(ExecutionTuple.create(instance.segment, plan.sequence).scale(1234));
    }
    expect(plan.instances.map((i) => i.vus)).toEqual([370, 370, 247, 247]);
    expect(plan.instances.reduce((sum, i) => sum + i.vus, 0)).toBe(1234);
  });

  it("keeps every instance within the limit when scenarios overlap and round up", () => {
    const scenarios = normalizeOptions({
      scenarios: {
        a: { executor: "constant-vus", vus: 7, duration: "1m" },
        b: {
          executor: "ramping-arrival-rate",
          preAllocatedVUs: 3,
          maxVUs: 9,
          stages: [{ target: 10, duration: "1m" }],
        },
        c: { executor: "per-vu-iterations", vus: 5, iterations: 2, startTime: "2m" },
      },
    }).scenarios;
    const plan = splitRun(
      scenarios,
      assign(["x", 34, zone("one", 4)], ["y", 33, zone("two", 3)], ["z", 33, zone("three", 5)]),
    );
    expectOneSequence(plan);
    for (const instance of plan.instances) {
      const limit = { one: 4, two: 3, three: 5 }[instance.loadZone] ?? 0;
      expect(instance.vus).toBeLessThanOrEqual(limit);
      expect(instance.vus).toBe(
        maxPossibleVUs(scenarios, ExecutionTuple.create(instance.segment, plan.sequence)),
      );
    }
    // Per scenario, the instances' shares add up to the whole test's.
    for (const count of [7, 9, 5]) {
      const shares = plan.instances.map((i) => ExecutionTuple.create(i.segment, plan.sequence).scale(count));
      expect(shares.reduce((sum, share) => sum + share, 0)).toBe(count);
    }
  });

  it("gives a small test one instance per zone", () => {
    const plan = splitRun(
      normalizeOptions({ vus: 3, duration: "10s" }).scenarios,
      assign(["default", 100, zone("local", 1000)]),
    );
    expect(plan).toEqual({
      sequence: "0,1",
      maxVUs: 3,
      zones: [{ label: "default", loadZone: "local", percent: 100, vusPerInstance: 1000, instances: 1 }],
      instances: [{ label: "default", loadZone: "local", segment: "0:1", vus: 3 }],
    });
  });

  it("gives up with a PlanError when no number of instances fits", () => {
    const scenarios = normalizeOptions({
      scenarios: {
        a: { executor: "constant-vus", vus: 2, duration: "1m" },
        b: { executor: "constant-vus", vus: 2, duration: "1m" },
      },
    }).scenarios;
    // Each instance with any share gets a VU of each overlapping scenario: 2 > 1.
    expect(() => splitRun(scenarios, assign(["x", 100, zone("tiny", 1)]))).toThrow(PlanError);
  });

  it("plans the largest run it accepts quickly, and refuses a larger one", () => {
    const started = performance.now();
    const plan = splitRun(
      normalizeOptions({ vus: 500 * 200, duration: "1m" }).scenarios,
      assign(["a", 50, zone("a", 200)], ["b", 50, zone("b", 200)]),
    );
    expect(plan.instances).toHaveLength(MAX_INSTANCES);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(() =>
      splitRun(
        normalizeOptions({ vus: 501 * 200, duration: "1m" }).scenarios,
        assign(["a", 100, zone("a", 200)]),
      ),
    ).toThrow(/would need more than 500 instances/);
  });
});
