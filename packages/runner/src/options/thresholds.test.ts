import { describe, expect, it } from "vitest";
import { IssueList } from "./errors.js";
import { readThresholds } from "./thresholds.js";

function read(value: unknown) {
  const issues = new IssueList();
  return { result: readThresholds(value, "thresholds", issues), issues: issues.issues };
}

describe("readThresholds", () => {
  it("keeps expressions and threshold objects as written", () => {
    const thresholds = {
      http_req_duration: ["p(95)<500", { threshold: "p(99)<1500", abortOnFail: true, delayAbortEval: "10s" }],
      "http_req_duration{status:200}": ["max<2000"],
    };
    expect(read(thresholds)).toEqual({ result: thresholds, issues: [] });
  });

  it("reports every malformed threshold with its path", () => {
    const { result, issues } = read({
      checks: "rate>0.9",
      http_reqs: [
        42,
        { threshold: "count>10", abortOnfail: true },
        { threshold: "rate<1", delayAbortEval: "soon" },
      ],
    });
    expect(result).toBeUndefined();
    expect(issues.map((issue) => issue.path)).toEqual([
      'thresholds["checks"]',
      'thresholds["http_reqs"][0]',
      'thresholds["http_reqs"][1].abortOnfail',
      'thresholds["http_reqs"][2].delayAbortEval',
    ]);
    expect(issues[2]?.message).toContain('did you mean "abortOnFail"?');
  });

  it("refuses a non-object", () => {
    expect(read(["p(95)<500"]).issues[0]?.message).toMatch(/is not an object of metric name → thresholds/);
  });
});
