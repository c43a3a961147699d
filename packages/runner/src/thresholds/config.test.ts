import { describe, expect, it } from "vitest";
import { parseThresholds } from "./config.js";
import { ThresholdError } from "./errors.js";

describe("parseThresholds", () => {
  it("has no thresholds for undefined or null", () => {
    expect(parseThresholds(undefined)).toEqual([]);
    expect(parseThresholds(null)).toEqual([]);
  });

  it("takes a string, an array of strings, and threshold objects", () => {
    const targets = parseThresholds({
      http_req_duration: "p(95)<500",
      http_req_failed: ["rate<0.01", { threshold: "rate<0.05", abortOnFail: true, delayAbortEval: "10s" }],
      checks: [{ threshold: "rate>0.9" }],
    });
    expect(
      targets.map((t) => ({
        key: t.key,
        name: t.name,
        thresholds: t.thresholds.map((s) => [s.expression.source, s.abortOnFail, s.delayAbortEvalMs]),
      })),
    ).toEqual([
      { key: "http_req_duration", name: "http_req_duration", thresholds: [["p(95)<500", false, undefined]] },
      {
        key: "http_req_failed",
        name: "http_req_failed",
        thresholds: [
          ["rate<0.01", false, undefined],
          ["rate<0.05", true, 10_000],
        ],
      },
      { key: "checks", name: "checks", thresholds: [["rate>0.9", false, undefined]] },
    ]);
  });

  it("parses sub-metric keys and gives them their sub-metric name", () => {
    const [target] = parseThresholds({ "http_req_duration{status:200}": ["p(99)<800"] });
    expect(target?.metric).toBe("http_req_duration");
    expect(target?.name).toBe("http_req_duration{status:200}");
    expect(target?.subMetric?.matches({ status: "200" })).toBe(true);
  });

  it("puts keys naming the same sub-metric together under the first", () => {
    const targets = parseThresholds({
      "http_reqs{a:1,b:2}": ["count>1"],
      "http_reqs{b:2, a:1}": ["rate>2"],
      "http_reqs{a:1}": ["count>3"],
    });
    expect(targets.map((t) => [t.name, t.thresholds.map((s) => `${s.key}: ${s.expression.source}`)])).toEqual(
      [
        ["http_reqs{a:1,b:2}", ["http_reqs{a:1,b:2}: count>1", "http_reqs{b:2, a:1}: rate>2"]],
        ["http_reqs{a:1}", ["http_reqs{a:1}: count>3"]],
      ],
    );
  });

  it("reads delayAbortEval as a k6 duration or milliseconds", () => {
    const delays = parseThresholds({
      m: [
        { threshold: "count>0", delayAbortEval: "1m30s" },
        { threshold: "count>0", delayAbortEval: 2500 },
        { threshold: "count>0", delayAbortEval: "750" },
        { threshold: "count>0", delayAbortEval: null },
      ],
    })[0]?.thresholds.map((s) => s.delayAbortEvalMs);
    expect(delays).toEqual([90_000, 2500, 750, undefined]);
  });

  it.each([
    [
      ["p(95)<500"],
      undefined,
      'options.thresholds must be an object mapping metric names to thresholds, e.g. {http_req_duration: ["p(95)<500"]}; got an array',
    ],
    [
      "p(95)<500",
      undefined,
      'options.thresholds must be an object mapping metric names to thresholds, e.g. {http_req_duration: ["p(95)<500"]}; got "p(95)<500"',
    ],
    [
      { http_reqs: 5 },
      "http_reqs",
      'invalid thresholds on "http_reqs": expected an expression string, or an array of expression strings and {threshold, abortOnFail, delayAbortEval} objects, e.g. ["p(95)<500", {threshold: "rate<0.01", abortOnFail: true, delayAbortEval: "10s"}]; got number 5',
    ],
    [
      { http_reqs: [["count>1"]] },
      "http_reqs",
      'invalid threshold on "http_reqs": each entry must be an expression string or a {threshold, abortOnFail, delayAbortEval} object; got an array',
    ],
    [
      { http_reqs: [{ abortOnFail: true }] },
      "http_reqs",
      'invalid threshold on "http_reqs": "threshold" must be an expression string such as "p(95)<500"; got undefined',
    ],
    [
      { http_reqs: [{ threshold: "count>1", abortOnFailure: true }] },
      "http_reqs",
      'invalid threshold "count>1" on "http_reqs": unknown field "abortOnFailure"; allowed: threshold, abortOnFail, delayAbortEval',
    ],
    [
      { http_reqs: [{ threshold: "count>1", abortOnFail: "yes" }] },
      "http_reqs",
      'invalid threshold "count>1" on "http_reqs": "abortOnFail" must be true or false; got "yes"',
    ],
    [
      { http_reqs: [{ threshold: "count>1", delayAbortEval: "10 seconds" }] },
      "http_reqs",
      'invalid threshold "count>1" on "http_reqs": "delayAbortEval" must be a duration such as "10s", "1m30s" or a number of milliseconds; got "10 seconds"',
    ],
    [
      { http_reqs: [{ threshold: "count>1", delayAbortEval: -5 }] },
      "http_reqs",
      'invalid threshold "count>1" on "http_reqs": "delayAbortEval" must be a duration such as "10s", "1m30s" or a number of milliseconds; got number -5',
    ],
  ])("rejects %j", (raw, key, message) => {
    const expression = message.match(/^invalid threshold "([^"]+)"/)?.[1];
    expect(() => parseThresholds(raw)).toThrow(new ThresholdError(message, key, expression));
  });

  it("reports syntax errors in expressions and keys with the key", () => {
    expect(() => parseThresholds({ http_reqs: ["count>1", "count>"] })).toThrow(
      new ThresholdError(
        'invalid threshold "count>" on "http_reqs": the right-hand side "" is not a number; write <aggregation> <operator> <number>, e.g. "p(95)<500" or "rate<0.01"',
        "http_reqs",
        "count>",
      ),
    );
    expect(() => parseThresholds({ "http_reqs{status}": ["count>1"] })).toThrow(ThresholdError);
  });
});
