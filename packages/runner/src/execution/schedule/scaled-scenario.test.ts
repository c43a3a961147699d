import { describe, expect, it } from "vitest";
import type {
  ConstantArrivalRate,
  ConstantVus,
  ExternallyControlled,
  PerVuIterations,
  RampingVus,
  SharedIterations,
} from "../../options/index.js";
import { ExecutionTuple } from "../segments/index.js";
import { instancesOf } from "../segments/instances.test-helpers.js";
import { scaledScenario } from "./scaled-scenario.js";
import { scenarioOf } from "./scenario.test-helpers.js";

const thirds = instancesOf("0,1/3,2/3,1");

describe("scaledScenario", () => {
  it("splits constant-vus VUs 4, 3, 3 over thirds", () => {
    const scenario = scenarioOf<ConstantVus>({ executor: "constant-vus", vus: 10, duration: "1m" });
    expect(thirds.map((tuple) => scaledScenario(scenario, tuple).vus)).toEqual([4, 3, 3]);
    expect(scaledScenario(scenario, ExecutionTuple.create("0:1/3")).duration).toBe(60_000);
  });

  it("re-segments shared-iterations by its VUs before sharing the iterations", () => {
    const scenario = scenarioOf<SharedIterations>({ executor: "shared-iterations", vus: 2, iterations: 11 });
    const shares = thirds.map((tuple) => scaledScenario(scenario, tuple));
    expect(shares.map((share) => [share.vus, share.iterations])).toEqual([
      [1, 6],
      [1, 5],
      [0, 0],
    ]);
  });

  it("scales only the VUs of per-vu-iterations", () => {
    const scenario = scenarioOf<PerVuIterations>({ executor: "per-vu-iterations", vus: 5, iterations: 7 });
    expect(
      thirds.map((tuple) => scaledScenario(scenario, tuple)).map((share) => [share.vus, share.iterations]),
    ).toEqual([
      [2, 7],
      [2, 7],
      [1, 7],
    ]);
  });

  it("scales the start and every stage target of ramping-vus", () => {
    const scenario = scenarioOf<RampingVus>({
      executor: "ramping-vus",
      startVUs: 3,
      stages: [
        { duration: "10s", target: 10 },
        { duration: "10s", target: 0 },
      ],
    });
    expect(
      thirds
        .map((tuple) => scaledScenario(scenario, tuple))
        .map((share) => [share.startVUs, share.stages.map((s) => s.target)]),
    ).toEqual([
      [1, [4, 0]],
      [1, [3, 0]],
      [1, [3, 0]],
    ]);
  });

  it("scales the VUs of arrival-rate executors but keeps the global rate", () => {
    const scenario = scenarioOf<ConstantArrivalRate>({
      executor: "constant-arrival-rate",
      rate: 100,
      duration: "1m",
      preAllocatedVUs: 4,
      maxVUs: 11,
    });
    expect(
      thirds
        .map((tuple) => scaledScenario(scenario, tuple))
        .map((s) => [s.rate, s.preAllocatedVUs, s.maxVUs]),
    ).toEqual([
      [100, 2, 4],
      [100, 1, 4],
      [100, 1, 3],
    ]);
  });

  it("scales externally-controlled VUs and maxVUs", () => {
    const scenario = scenarioOf<ExternallyControlled>({
      executor: "externally-controlled",
      vus: 2,
      maxVUs: 6,
      duration: 0,
    });
    expect(scaledScenario(scenario, ExecutionTuple.create("1/2:1"))).toMatchObject({ vus: 1, maxVUs: 3 });
  });
});
