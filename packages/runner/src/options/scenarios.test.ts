import { describe, expect, it } from "vitest";
import { IssueList } from "./errors.js";
import { readScenarios } from "./scenarios.js";

function read(scenarios: Record<string, unknown>) {
  const issues = new IssueList();
  return { scenarios: readScenarios(scenarios, "scenarios", issues), issues: issues.issues };
}

/** An exact message, or one matching a pattern. */
const matching = (message: string | RegExp) =>
  typeof message === "string" ? message : expect.stringMatching(message);

const base = { startTime: 0, gracefulStop: 30_000, env: {}, exec: "default", tags: {} };

describe("readScenarios defaults (k6's executor table)", () => {
  it.each([
    [{ executor: "shared-iterations" }, { vus: 1, iterations: 1, maxDuration: 600_000 }],
    [{ executor: "per-vu-iterations" }, { vus: 1, iterations: 1, maxDuration: 600_000 }],
    [
      { executor: "constant-vus", duration: "1m" },
      { vus: 1, duration: 60_000 },
    ],
    [
      { executor: "ramping-vus", stages: [{ duration: "10s", target: 5 }] },
      { startVUs: 1, stages: [{ duration: 10_000, target: 5 }], gracefulRampDown: 30_000 },
    ],
    [
      { executor: "constant-arrival-rate", rate: 10, duration: "1m", preAllocatedVUs: 5 },
      { rate: 10, timeUnit: 1000, duration: 60_000, preAllocatedVUs: 5, maxVUs: 5 },
    ],
    [
      { executor: "ramping-arrival-rate", stages: [{ duration: "1m", target: 50 }], preAllocatedVUs: 5 },
      {
        startRate: 0,
        timeUnit: 1000,
        stages: [{ duration: 60_000, target: 50 }],
        preAllocatedVUs: 5,
        maxVUs: 5,
      },
    ],
  ])("fills in %j", (raw, fields) => {
    expect(read({ api: raw })).toEqual({
      scenarios: [{ name: "api", ...base, ...raw, ...fields }],
      issues: [],
    });
  });

  it("gives externally-controlled maxVUs = vus and no graceful stop", () => {
    expect(read({ manual: { executor: "externally-controlled", vus: 3, duration: 0 } }).scenarios).toEqual([
      {
        name: "manual",
        ...base,
        gracefulStop: 0,
        executor: "externally-controlled",
        vus: 3,
        maxVUs: 3,
        duration: 0,
      },
    ]);
  });

  it("keeps what the scenario sets", () => {
    const [scenario] = read({
      api: {
        executor: "constant-vus",
        vus: "20",
        duration: 90_000,
        startTime: "30s",
        gracefulStop: "5s",
        env: { HOST: "x" },
        exec: "api",
        tags: { kind: "api" },
      },
    }).scenarios;
    expect(scenario).toEqual({
      name: "api",
      executor: "constant-vus",
      vus: 20,
      duration: 90_000,
      startTime: 30_000,
      gracefulStop: 5000,
      env: { HOST: "x" },
      exec: "api",
      tags: { kind: "api" },
    });
  });

  it("never shares default objects between scenarios", () => {
    const { scenarios } = read({
      a: { executor: "shared-iterations" },
      b: { executor: "shared-iterations" },
    });
    expect(scenarios[0]?.env).not.toBe(scenarios[1]?.env);
  });
});

describe("readScenarios errors", () => {
  const messages = (scenarios: Record<string, unknown>) =>
    read(scenarios).issues.map((i) => `${i.path}: ${i.message}`);

  it("names a bad executor and proposes the near miss", () => {
    expect(messages({ checkout: { executor: "ramping-vu" } })).toEqual([
      'scenarios.checkout.executor: "ramping-vu" is not an executor; use one of shared-iterations, per-vu-iterations, constant-vus, ramping-vus, constant-arrival-rate, ramping-arrival-rate, externally-controlled (did you mean "ramping-vus"?)',
    ]);
    expect(messages({ checkout: {} })[0]).toMatch(
      /^scenarios.checkout.executor: is required; use one of shared-iterations/,
    );
  });

  it("refuses unknown fields, listing the allowed ones", () => {
    expect(messages({ api: { executor: "constant-vus", vu: 10, duration: "1m" } })).toEqual([
      'scenarios.api.vu: unknown field for a constant-vus scenario; allowed: executor, startTime, gracefulStop, env, exec, tags, vus, duration (did you mean "vus"?)',
    ]);
  });

  it.each([
    [
      { executor: "constant-vus" },
      'scenarios.x.duration: is required for a constant-vus scenario, like duration: "30s"',
    ],
    [
      { executor: "constant-arrival-rate", duration: "1m", preAllocatedVUs: 1 },
      "scenarios.x.rate: is required for a constant-arrival-rate scenario, like rate: 10",
    ],
    [
      { executor: "ramping-arrival-rate", stages: [{ duration: "1m", target: 1 }] },
      "scenarios.x.preAllocatedVUs: is required for a ramping-arrival-rate scenario, like preAllocatedVUs: 10",
    ],
    [
      { executor: "ramping-vus" },
      'scenarios.x.stages: is required for a ramping-vus scenario, like stages: [{ duration: "30s", target: 10 }]',
    ],
    [{ executor: "externally-controlled" }, /scenarios.x.duration: is required .*0 runs until stopped/],
  ])("requires what k6 requires: %j", (raw, message) => {
    expect(messages({ x: raw })).toEqual([matching(message)]);
  });

  it.each([
    [
      { executor: "shared-iterations", vus: 5, iterations: 2 },
      /scenarios.x.iterations: .*iterations \(2\) is less than vus \(5\)/,
    ],
    [{ executor: "per-vu-iterations", vus: -1 }, "scenarios.x.vus: must be at least 1, got -1"],
    [{ executor: "constant-vus", vus: 2.5, duration: "1m" }, /scenarios.x.vus: 2.5 is not a whole number/],
    [{ executor: "constant-vus", duration: "500ms" }, "scenarios.x.duration: must be at least 1s, got 500ms"],
    [
      { executor: "shared-iterations", maxDuration: "0.5s" },
      "scenarios.x.maxDuration: must be at least 1s, got 500ms",
    ],
    [
      { executor: "constant-vus", duration: "1m", startTime: "-1s" },
      "scenarios.x.startTime: must be 0 or more, got -1s",
    ],
    [{ executor: "constant-vus", duration: "1m", exec: "" }, "scenarios.x.exec: must not be empty"],
    [{ executor: "constant-vus", duration: "1m", env: { N: 1 } }, /scenarios.x.env.N: 1 is not a string/],
    [
      { executor: "constant-arrival-rate", rate: 1, duration: "1m", preAllocatedVUs: 5, maxVUs: 2 },
      "scenarios.x.maxVUs: must be at least preAllocatedVUs (5), got 2; raise maxVUs or lower preAllocatedVUs",
    ],
    [
      { executor: "constant-arrival-rate", rate: 1, timeUnit: 0, duration: "1m", preAllocatedVUs: 1 },
      "scenarios.x.timeUnit: must be more than 0, got 0s",
    ],
    [
      { executor: "ramping-vus", startVUs: 0, stages: [{ duration: "1m", target: 0 }] },
      /scenarios.x.stages: either startVUs or one of the stages' targets must be more than 0/,
    ],
    [
      { executor: "ramping-vus", stages: [{ duration: "1m" }] },
      /scenarios.x.stages\[0\].target: is required/,
    ],
    [
      { executor: "ramping-vus", stages: [] },
      /scenarios.x.stages: an array is not a list of stages; use at least one/,
    ],
    [
      { executor: "ramping-vus", stages: [{ duration: "-1s", target: 1 }] },
      "scenarios.x.stages[0].duration: must be 0 or more, got -1s",
    ],
    [
      { executor: "externally-controlled", vus: 5, maxVUs: 1, duration: "1m" },
      "scenarios.x.maxVUs: must be at least vus (5), got 1; raise maxVUs or lower vus",
    ],
    [
      { executor: "externally-controlled", duration: "1m", gracefulStop: "1s" },
      "scenarios.x.gracefulStop: externally-controlled does not support gracefulStop; remove it",
    ],
  ])("checks values: %j", (raw, message) => {
    expect(messages({ x: raw })).toEqual([matching(message)]);
  });

  it("refuses scenario names k6 refuses", () => {
    expect(messages({ "my scenario": { executor: "shared-iterations" } })).toEqual([
      'scenarios: "my scenario" is not a valid scenario name; use only letters, digits, _ and -, like "my_scenario"',
    ]);
    expect(read({ "a-b_9": { executor: "shared-iterations" } }).issues).toEqual([]);
  });

  it("refuses a scenario that is not an object", () => {
    expect(messages({ api: "constant-vus" })[0]).toMatch(/^scenarios.api: "constant-vus" is not a scenario/);
  });
});
