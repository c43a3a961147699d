import { describe, expect, it } from "vitest";
import { DEFAULT_SYSTEM_TAGS, DEFAULT_USER_AGENT } from "./defaults.js";
import { OptionsError } from "./errors.js";
import { normalizeOptions } from "./normalize.js";
import type { CliOverrides } from "./types.js";

/** The issues `normalizeOptions` throws, as `path: message` lines. */
function problems(raw: unknown, overrides?: CliOverrides): string[] {
  try {
    normalizeOptions(raw, overrides);
  } catch (error) {
    if (error instanceof OptionsError) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  throw new Error("expected the options to be refused");
}

/** The warnings `normalizeOptions` emits. */
function warnings(raw: unknown, overrides?: CliOverrides): string[] {
  const seen: string[] = [];
  normalizeOptions(raw, overrides, (message) => seen.push(message));
  return seen;
}

const scenarioBase = { startTime: 0, gracefulStop: 30_000, env: {}, exec: "default", tags: {} };

describe("normalizeOptions defaults", () => {
  it("runs 1 iteration on 1 VU with k6's defaults when the script has no options", () => {
    expect(normalizeOptions(undefined)).toEqual({
      scenarios: [
        {
          name: "default",
          executor: "per-vu-iterations",
          vus: 1,
          iterations: 1,
          maxDuration: 600_000,
          ...scenarioBase,
        },
      ],
      thresholds: {},
      summaryTrendStats: ["avg", "min", "med", "max", "p(90)", "p(95)"],
      setupTimeout: 60_000,
      teardownTimeout: 60_000,
      noSetup: false,
      noTeardown: false,
      paused: false,
      userAgent: DEFAULT_USER_AGENT,
      insecureSkipTLSVerify: false,
      noConnectionReuse: false,
      noVUConnectionReuse: false,
      maxRedirects: 10,
      batch: 20,
      batchPerHost: 6,
      discardResponseBodies: false,
      throw: false,
      noCookiesReset: false,
      minIterationDuration: 0,
      tags: {},
      systemTags: [...DEFAULT_SYSTEM_TAGS],
      ignoredOptions: {},
    });
  });

  it("keeps the global options the script sets", () => {
    const options = normalizeOptions({
      thresholds: { http_req_duration: ["p(95)<500"] },
      summaryTrendStats: ["avg", "p(99.9)", "count"],
      summaryTimeUnit: "ms",
      setupTimeout: "2m",
      userAgent: "",
      insecureSkipTLSVerify: true,
      maxRedirects: 0,
      batch: 5,
      minIterationDuration: "1s",
      tags: { team: "web" },
      systemTags: ["status", "vu"],
      executionSegment: "50%:75%",
      executionSegmentSequence: "0,0.5,0.75,1",
      cloud: { projectID: 3, distribution: { eu: { loadZone: "amazon:ie:dublin", percent: 100 } } },
      hosts: { "test.k6.io": "1.2.3.4:8443" },
    });
    expect(options).toMatchObject({
      thresholds: { http_req_duration: ["p(95)<500"] },
      summaryTrendStats: ["avg", "p(99.9)", "count"],
      summaryTimeUnit: "ms",
      setupTimeout: 120_000,
      userAgent: "",
      insecureSkipTLSVerify: true,
      maxRedirects: 0,
      batch: 5,
      minIterationDuration: 1000,
      tags: { team: "web" },
      systemTags: ["status", "vu"],
      executionSegment: "1/2:3/4",
      executionSegmentSequence: "0,1/2,3/4,1",
      cloud: { projectID: 3, distribution: { eu: { loadZone: "amazon:ie:dublin", percent: 100 } } },
      hosts: { "test.k6.io": "1.2.3.4:8443" },
    });
  });

  it("accepts k6 options it does not act on, and hands them back", () => {
    const options = normalizeOptions({ dns: { ttl: "1m" }, rps: 100, tlsVersion: "tls1.2", vus: undefined });
    expect(options.ignoredOptions).toEqual({ dns: { ttl: "1m" }, rps: 100, tlsVersion: "tls1.2" });
  });

  it("accepts the ignored options from the command line too", () => {
    const options = normalizeOptions(undefined, { rps: 50, blacklistIPs: ["10.0.0.0/8,192.168.0.0/16"] });
    expect(options.ignoredOptions).toEqual({ rps: 50, blacklistIPs: ["10.0.0.0/8", "192.168.0.0/16"] });
  });

  it("orders scenarios by start time, then name, as k6 runs them", () => {
    const scenario = (startTime: string) => ({ executor: "shared-iterations", startTime });
    const options = normalizeOptions({
      scenarios: { b: scenario("0s"), c: scenario("10s"), a: scenario("0s") },
    });
    expect(options.scenarios.map((s) => s.name)).toEqual(["a", "b", "c"]);
  });
});

describe("normalizeOptions shortcuts (k6's DeriveScenariosFromShortcuts)", () => {
  it("turns vus + duration into constant-vus", () => {
    expect(normalizeOptions({ vus: 10, duration: "30s" }).scenarios).toEqual([
      { name: "default", executor: "constant-vus", vus: 10, duration: 30_000, ...scenarioBase },
    ]);
  });

  it("turns iterations into shared-iterations, with duration as its maxDuration", () => {
    expect(normalizeOptions({ vus: 2, iterations: 10, duration: "1m" }).scenarios).toEqual([
      {
        name: "default",
        executor: "shared-iterations",
        vus: 2,
        iterations: 10,
        maxDuration: 60_000,
        ...scenarioBase,
      },
    ]);
    expect(normalizeOptions({ iterations: 3 }).scenarios[0]).toMatchObject({ vus: 1, maxDuration: 600_000 });
  });

  it("turns stages into ramping-vus starting at vus (1 by default)", () => {
    const stages = [
      { duration: "30s", target: 20 },
      { duration: "1m", target: 0 },
    ];
    expect(normalizeOptions({ stages }).scenarios).toEqual([
      {
        name: "default",
        executor: "ramping-vus",
        startVUs: 1,
        stages: [
          { duration: 30_000, target: 20 },
          { duration: 60_000, target: 0 },
        ],
        gracefulRampDown: 30_000,
        ...scenarioBase,
      },
    ]);
    expect(normalizeOptions({ vus: 5, stages }).scenarios[0]).toMatchObject({ startVUs: 5 });
  });

  it("refuses the combinations k6 refuses", () => {
    const stages = [{ duration: "1m", target: 10 }];
    const scenarios = { api: { executor: "shared-iterations" } };
    expect(problems({ iterations: 10, stages })).toEqual([
      "iterations: `iterations` and `stages` cannot be used together; keep one of them, or describe the run with scenarios",
    ]);
    expect(problems({ duration: "1m", stages })[0]).toMatch(
      /^duration: `duration` and `stages` cannot be used together/,
    );
    expect(problems({ iterations: 1, scenarios })).toEqual([
      "iterations: `iterations` cannot be used together with `scenarios`; move it into a scenario or remove it",
    ]);
    expect(problems({ duration: "1m", scenarios })[0]).toMatch(
      /^duration: `duration` cannot be used together with `scenarios`/,
    );
    expect(problems({ stages, scenarios })[0]).toMatch(
      /^stages: `stages` cannot be used together with `scenarios`/,
    );
    expect(problems({ duration: 0 })).toEqual([
      "duration: must be more than 0; for a test that runs until it is stopped, use the externally-controlled executor",
    ]);
  });

  it("points shortcut errors at the shortcut options", () => {
    expect(problems({ vus: 5, iterations: 2 })).toEqual([
      "iterations: shared-iterations needs at least one iteration per VU, but iterations (2) is less than vus (5); raise iterations or lower vus",
    ]);
    expect(problems({ vus: 0, duration: "10s" })).toEqual(["vus: must be at least 1, got 0"]);
    expect(problems({ stages: [{ duration: "10s" }] })).toEqual([
      'stages[0].target: is required; a stage looks like { duration: "30s", target: 10 }',
    ]);
  });

  it("warns like k6 about shortcuts that do nothing", () => {
    expect(warnings({ vus: 10 })).toEqual([
      "the `vus=10` option will be ignored, it only works in conjunction with `iterations`, `duration`, or `stages`",
    ]);
    expect(warnings({ stages: [] })).toEqual([
      "`stages` was explicitly set to an empty value, running the script with 1 iteration in 1 VU",
    ]);
    expect(warnings({ scenarios: {} })).toEqual([
      "`scenarios` was explicitly set to an empty value, running the script with 1 iteration in 1 VU",
    ]);
    expect(warnings({ vus: 10, scenarios: { a: { executor: "shared-iterations" } } })).toEqual([]);
  });
});

describe("normalizeOptions command line precedence", () => {
  const script = { scenarios: { api: { executor: "constant-vus", vus: 3, duration: "1m" } }, batch: 4 };

  it("lets --duration replace the script's scenarios entirely, with a warning", () => {
    const seen: string[] = [];
    const options = normalizeOptions(script, { duration: "10s", vus: 2 }, (message) => seen.push(message));
    expect(options.scenarios).toEqual([
      { name: "default", executor: "constant-vus", vus: 2, duration: 10_000, ...scenarioBase },
    ]);
    expect(options.batch).toBe(4);
    expect(seen).toEqual(['"cli" level configuration overrode scenarios configuration entirely']);
  });

  it("lets --iterations replace the script's duration instead of clashing with it", () => {
    expect(normalizeOptions({ vus: 2, duration: "1m" }, { iterations: 4 }).scenarios[0]).toMatchObject({
      executor: "shared-iterations",
      vus: 2,
      iterations: 4,
      maxDuration: 600_000,
    });
  });

  it("lets --vus alone change the script's shortcut but not its scenarios", () => {
    expect(normalizeOptions({ vus: 2, duration: "1m" }, { vus: 7 }).scenarios[0]).toMatchObject({ vus: 7 });
    expect(normalizeOptions(script, { vus: 7 }).scenarios[0]).toMatchObject({ name: "api", vus: 3 });
  });

  it("lets flags win over the script's global options", () => {
    const options = normalizeOptions(
      { batch: 4, tags: { a: "1" }, summaryTrendStats: ["avg"] },
      { batch: 8, tags: ["b=2", "c=3,d=4"], summaryTrendStats: ["min,max", "p(99)"], noSetup: true },
    );
    expect(options).toMatchObject({
      batch: 8,
      tags: { b: "2", c: "3", d: "4" },
      summaryTrendStats: ["min", "max", "p(99)"],
      noSetup: true,
    });
  });

  it("builds ramping-vus from --stage flags", () => {
    expect(normalizeOptions(undefined, { stages: ["10s:5", "20s:0"], vus: 2 }).scenarios[0]).toMatchObject({
      executor: "ramping-vus",
      startVUs: 2,
      stages: [
        { duration: 10_000, target: 5 },
        { duration: 20_000, target: 0 },
      ],
    });
  });

  it("names the flag in errors", () => {
    expect(problems(undefined, { vus: -1, duration: "soon", stages: ["10s"], tags: ["novalue="] })).toEqual([
      "--vus: must be 0 or more, got -1",
      expect.stringMatching(/^--duration: "soon" is not a duration/),
      '--tag[0]: "novalue=" is not a tag; use name=value, like --tag env=staging',
      '--stage[0].target: is required; a stage looks like { duration: "30s", target: 10 }',
    ]);
  });
});

describe("normalizeOptions errors", () => {
  it("collects every problem and reports them together", () => {
    let error: unknown;
    try {
      normalizeOptions({
        vu: 10,
        batch: -1,
        noSetup: "yes",
        scenarios: {
          checkout: { executor: "ramping-vu" },
          browse: { executor: "constant-vus", duration: "1m", vus: 2, gracefulstop: "5s" },
        },
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OptionsError);
    const { issues, message } = error as OptionsError;
    expect(issues.map((issue) => issue.path)).toEqual([
      "vu",
      "batch",
      "noSetup",
      "scenarios.checkout.executor",
      "scenarios.browse.gracefulstop",
    ]);
    expect(issues[0]?.message).toBe('unknown option (did you mean "vus"?)');
    expect(message).toMatch(/^invalid options \(5 problems\):\n {2}- vu: unknown option/);
  });

  it("lists the option names when an unknown one is nothing like them", () => {
    expect(problems({ frobnicate: true })[0]).toMatch(
      /^frobnicate: unknown option; the options are vus, duration, /,
    );
  });

  it("does not mistake inherited object properties for options, flags or units", () => {
    expect(problems({ constructor: 1 })[0]).toMatch(/^constructor: unknown option/);
    expect(problems(undefined, { toString: "x" } as CliOverrides)[0]).toMatch(
      /^toString: unknown command-line override; the overrides are vus, duration/,
    );
    expect(problems({ duration: "1constructor" })[0]).toMatch(/^duration: "1constructor" is not a duration/);
  });

  it("refuses options that are not an object", () => {
    expect(problems("vus=10")).toEqual([
      'options: the exported options must be an object, like export const options = { vus: 10, duration: "30s" }',
    ]);
  });

  it.each([
    [
      { systemTags: ["status", "latency"] },
      /^systemTags\[1\]: "latency" is not a system tag; use one of proto/,
    ],
    [{ summaryTrendStats: ["p(101)"] }, /^summaryTrendStats\[0\]: "p\(101\)" is not a trend stat/],
    [{ summaryTimeUnit: "min" }, /^summaryTimeUnit: "min" is not a summary time unit; use one of s, ms, us/],
    [{ tags: { n: 1 } }, /^tags.n: 1 is not a string/],
    [{ hosts: "x" }, /^hosts: "x" is not an object/],
    [
      { hosts: { "a.test": "1.2.3.4:99999" } },
      /^hosts.a.test: "1.2.3.4:99999" is not an address with an optional port/,
    ],
    [{ stages: { duration: "1m" } }, /^stages: an object is not an array/],
    [{ cloud: [1] }, /^cloud: an array is not an object/],
  ])("checks the type of %j", (raw, message) => {
    expect(problems(raw)).toEqual([expect.stringMatching(message)]);
  });
});

describe("normalizeOptions execution segments", () => {
  it("needs the segment to be in the sequence", () => {
    expect(problems({ executionSegment: "1/4:1/2", executionSegmentSequence: "0,1/3,2/3,1" })).toEqual([
      "executionSegment: execution segment 1/4:1/2 is not in the execution segment sequence 0,1/3,2/3,1; use one of 0:1/3, 1/3:2/3, 2/3:1",
    ]);
    expect(problems(undefined, { executionSegment: "3/2" })).toEqual([
      '--execution-segment: execution segment "3/2": segment end 3/2 must not be more than 1',
    ]);
  });

  it("refuses externally-controlled on part of the test, but not on the whole of it", () => {
    const scenarios = { manual: { executor: "externally-controlled", duration: "1m" } };
    expect(problems({ scenarios }, { executionSegment: "0:1/2" })).toEqual([
      "scenarios.manual.executor: externally-controlled cannot be distributed: it only runs on the whole test, but this instance's execution segment is 0:1/2; use another executor or run without a segment",
    ]);
    expect(normalizeOptions({ scenarios }, { executionSegment: "0:1" }).executionSegment).toBe("0:1");
  });
});
