import { describe, expect, it } from "vitest";
import { ThresholdError } from "./errors.js";
import { makeSubMetric, parseThresholdKey, sameSubMetric } from "./sub-metric.js";

const tagsOf = (key: string) => parseThresholdKey(key).subMetric?.tags;

describe("parseThresholdKey", () => {
  it("takes a plain key as a metric name", () => {
    expect(parseThresholdKey("http_req_duration")).toEqual({
      metric: "http_req_duration",
      subMetric: undefined,
    });
  });

  it("splits a sub-metric at the first { and the last } and names it with the trimmed filter", () => {
    const { metric, subMetric } = parseThresholdKey("http_req_duration{ status:200, scenario:api }");
    expect(metric).toBe("http_req_duration");
    expect(subMetric?.name).toBe("http_req_duration{status:200, scenario:api}");
    expect(subMetric?.metric).toBe("http_req_duration");
    expect({ ...subMetric?.tags }).toEqual({ status: "200", scenario: "api" });
  });

  it("keeps spaces inside values and colons after the first, as k6 does", () => {
    expect({ ...tagsOf("checks{check:status is 200}") }).toEqual({ check: "status is 200" });
    expect({ ...tagsOf("http_reqs{url:http://x.test:8080/a}") }).toEqual({ url: "http://x.test:8080/a" });
  });

  it("strips quotes around names and values, and lets a quoted value hold commas and braces", () => {
    expect({ ...tagsOf(`http_reqs{"name":"GET /a, /b", group:'::g{1}'}`) }).toEqual({
      name: "GET /a, /b",
      group: "::g{1}",
    });
    expect({ ...tagsOf(`http_reqs{name:" padded "}`) }).toEqual({ name: " padded " });
    expect({ ...tagsOf(`http_reqs{error:""}`) }).toEqual({ error: "" });
  });

  it("takes any tag name, even one named like an object property", () => {
    const sub = parseThresholdKey("m{constructor:x,__proto__:y}").subMetric;
    expect(Object.entries(sub?.tags ?? {})).toEqual([
      ["constructor", "x"],
      ["__proto__", "y"],
    ]);
    expect(sub?.matches({})).toBe(false);
    expect(
      sub?.matches(
        Object.fromEntries([
          ["constructor", "x"],
          ["__proto__", "y"],
        ]),
      ),
    ).toBe(true);
  });

  it("reads apostrophes inside unquoted values as k6 does", () => {
    expect({ ...tagsOf("checks{check:it's ok,status:200}") }).toEqual({ check: "it's ok", status: "200" });
    expect({ ...tagsOf("checks{check:'a' and 'b'}") }).toEqual({ check: "a' and 'b" });
    expect({ ...tagsOf("checks{check:'unclosed,status:200}") }).toEqual({ check: "unclosed", status: "200" });
    expect({ ...tagsOf(`checks{check:"x"y}`) }).toEqual({ check: 'x"y' });
  });

  it.each([
    ["http_reqs{status:200", 'unbalanced "{" and "}"'],
    ["http_reqs}status:200{", 'unbalanced "{" and "}"'],
    ["http_reqs status:200}", 'unbalanced "{" and "}"'],
    ["http_reqs{status:200}x", 'text after the closing "}"'],
    ["http_reqs{ }", "the tag filter is empty"],
    ["http_reqs{status}", '"status" has no ":value"'],
    ["http_reqs{status:}", 'tag "status" has no value'],
    ["http_reqs{:200}", 'a tag name is empty in ":200"'],
    ["http_reqs{status:200,}", 'an empty entry in "status:200,"'],
    ["http_reqs{a:1,,b:2}", 'an empty entry in "a:1,,b:2"'],
    ["http_reqs{a:1,a:2}", 'tag "a" is given twice'],
  ])("rejects %j", (key, reason) => {
    expect(() => parseThresholdKey(key)).toThrow(
      new ThresholdError(
        `invalid threshold key ${JSON.stringify(key)}: ${reason}; write metric{tag:value,...}, e.g. http_req_duration{status:200,scenario:api}`,
        key,
      ),
    );
  });
});

describe("SubMetricSpec.matches", () => {
  const sub = makeSubMetric("http_req_duration{status:200,scenario:api}", "http_req_duration", {
    status: "200",
    scenario: "api",
  });

  it("matches a sample carrying every listed tag with that value, whatever else it carries", () => {
    expect(sub.matches({ status: "200", scenario: "api", method: "GET" })).toBe(true);
  });

  it("does not match a sample missing a tag or with another value", () => {
    expect(sub.matches({ status: "200" })).toBe(false);
    expect(sub.matches({ status: "500", scenario: "api" })).toBe(false);
    expect(sub.matches({})).toBe(false);
  });

  it("compares values exactly, including an empty one", () => {
    const empty = makeSubMetric("m{error:}", "m", { error: "" });
    expect(empty.matches({ error: "" })).toBe(true);
    expect(empty.matches({})).toBe(false);
  });
});

describe("sameSubMetric", () => {
  it("treats the same tags in another order as the same sub-metric", () => {
    const a = parseThresholdKey("m{a:1,b:2}").subMetric;
    const b = parseThresholdKey("m{ b:2, a:1 }").subMetric;
    const c = parseThresholdKey("m{a:1}").subMetric;
    const d = parseThresholdKey("n{a:1,b:2}").subMetric;
    if (!a || !b || !c || !d) throw new Error("expected sub-metrics");
    expect(sameSubMetric(a, b)).toBe(true);
    expect(sameSubMetric(a, c)).toBe(false);
    expect(sameSubMetric(c, a)).toBe(false);
    expect(sameSubMetric(a, d)).toBe(false);
  });
});
