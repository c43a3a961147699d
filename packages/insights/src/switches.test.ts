import { describe, expect, it } from "vitest";
import { InsightOptionsError, isInsightEnabled, readInsightSwitches } from "./switches.js";

const CPU = ["health_high_loadgen_cpu_usage", "health"] as const;
const URLS = ["best_practice_too_many_urls", "best_practice"] as const;

describe("isInsightEnabled", () => {
  it("runs everything without switches", () => {
    expect(isInsightEnabled(...CPU)).toBe(true);
    expect(isInsightEnabled(...CPU, {})).toBe(true);
  });

  it("skips insights listed in disabled, and only those", () => {
    const switches = { disabled: ["health_high_loadgen_cpu_usage"] };
    expect(isInsightEnabled(...CPU, switches)).toBe(false);
    expect(isInsightEnabled(...URLS, switches)).toBe(true);
  });

  it("runs only the insights listed in enabled", () => {
    const switches = { enabled: ["best_practice_too_many_urls"] };
    expect(isInsightEnabled(...URLS, switches)).toBe(true);
    expect(isInsightEnabled(...CPU, switches)).toBe(false);
  });

  it("does the same by set", () => {
    expect(isInsightEnabled(...CPU, { disabledSets: ["health"] })).toBe(false);
    expect(isInsightEnabled(...URLS, { disabledSets: ["health"] })).toBe(true);
    expect(isInsightEnabled(...CPU, { enabledSets: ["http_load"] })).toBe(false);
    expect(isInsightEnabled(...URLS, { enabledSets: ["best_practice"] })).toBe(true);
  });

  it("lets an id decide before its set, and disabling win a tie", () => {
    expect(
      isInsightEnabled(...URLS, {
        disabledSets: ["best_practice"],
        enabled: ["best_practice_too_many_urls"],
      }),
    ).toBe(true);
    expect(
      isInsightEnabled(...URLS, {
        enabledSets: ["best_practice"],
        disabled: ["best_practice_too_many_urls"],
      }),
    ).toBe(false);
    expect(isInsightEnabled(...URLS, { enabled: [URLS[0]], disabled: [URLS[0]] })).toBe(false);
  });
});

describe("readInsightSwitches", () => {
  it("reads k6's four lists and reports names it does not know", () => {
    const { switches, unknown } = readInsightSwitches({
      disabled: ["health_high_loadgen_cpu_usage", "best_practice_outdated_k6_release_used"],
      disabledSets: ["health", "web_vitals"],
      somethingElse: true,
    });
    expect(switches).toEqual({
      disabled: ["health_high_loadgen_cpu_usage", "best_practice_outdated_k6_release_used"],
      disabledSets: ["health", "web_vitals"],
    });
    expect(unknown).toEqual(["best_practice_outdated_k6_release_used", "web_vitals", "somethingElse"]);
  });

  it("keeps an allow-list of unknown ids an allow-list", () => {
    const { switches } = readInsightSwitches({ enabled: ["best_practice_invalid_metric_names"] });
    expect(isInsightEnabled(...CPU, switches)).toBe(false);
  });

  it("accepts a missing value", () => {
    expect(readInsightSwitches(undefined)).toEqual({ switches: {}, unknown: [] });
    expect(readInsightSwitches(null)).toEqual({ switches: {}, unknown: [] });
  });

  it("rejects malformed values, naming the option", () => {
    expect(() => readInsightSwitches("all")).toThrow(InsightOptionsError);
    expect(() => readInsightSwitches(["x"])).toThrow("options.cloud.insights must be an object");
    try {
      readInsightSwitches({ disabled: "health_high_loadgen_cpu_usage" }, "options.ext.loadimpact.insights");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InsightOptionsError);
      expect((error as InsightOptionsError).option).toBe("options.ext.loadimpact.insights.disabled");
      expect((error as Error).message).toContain("must be an array of strings");
    }
    expect(() => readInsightSwitches({ enabled: [1] })).toThrow(/enabled must be an array of strings/);
  });
});
