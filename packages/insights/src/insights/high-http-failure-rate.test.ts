import { describe, expect, it } from "vitest";
import { prepareRun } from "../context.js";
import { perSecond, repeat, syntheticRun, T0 } from "../synthetic.test-helpers.js";
import { highHttpFailureRate } from "./high-http-failure-rate.js";

/** 60 s at 10 iterations and 100 requests a second: the first 100 iterations end after 10 s (1,000 requests). */
function run(failures: number[]) {
  return syntheticRun(60, {
    iterations: perSecond(repeat(10, 60)),
    requests: perSecond(repeat(100, 60)),
    failures: perSecond(failures),
  });
}

const check = (failures: number[]) => highHttpFailureRate.check(prepareRun(run(failures)));

describe("http_load_high_http_failure_rate", () => {
  it("fires above 15% failures during the first 100 iterations, with their numbers and time range", () => {
    const insight = check([16, ...repeat(15, 59)]); // 151 of the first 1,000: 15.1%
    expect(insight).toMatchObject({
      id: "http_load_high_http_failure_rate",
      severity: "critical",
      from: T0,
      to: T0 + 10_000,
      metric: "http_req_failed",
      values: { failureRate: 0.151, requests: 1000, failures: 151 },
    });
    expect(insight?.explanation).toContain("151 of the 1,000 requests");
    expect(insight?.explanation).toContain("from 0s to 10s into the test");
  });

  it("does not fire at exactly 15%", () => {
    expect(check(repeat(15, 60))).toBeUndefined();
  });

  it("ignores failures after the first 100 iterations", () => {
    expect(check([...repeat(0, 10), ...repeat(50, 50)])).toBeUndefined();
  });

  it("needs 100 completed iterations", () => {
    const short = syntheticRun(60, {
      iterations: perSecond(repeat(1, 60)),
      requests: perSecond(repeat(100, 60)),
      failures: perSecond(repeat(90, 60)),
    });
    expect(highHttpFailureRate.check(prepareRun(short))).toBeUndefined();
  });
});
