import { describe, expect, it } from "vitest";
import { prepareRun } from "../context.js";
import { perSecond, repeat, syntheticRun, T0 } from "../synthetic.test-helpers.js";
import { increasedHttpFailureRate } from "./increased-http-failure-rate.js";

/**
 * 90 s at 10 iterations and `rps` requests a second; the first 100 iterations (10 s) fail at 2%.
 * `failures` gives the failures per second from then on.
 */
function run(failures: number[], rps = 1000) {
  const start = repeat(0.02 * rps, 10);
  return syntheticRun(90, {
    iterations: perSecond(repeat(10, 90)),
    requests: perSecond(repeat(rps, 90)),
    failures: perSecond([...start, ...failures]),
  });
}

/** 80 s after the start: 2% but `elevated` failures a second from 30 s to 50 s into the test. */
function elevated(perSecondFailures: number, rps = 1000) {
  const base = 0.02 * rps;
  return run([...repeat(base, 20), ...repeat(perSecondFailures, 20), ...repeat(base, 40)], rps);
}

const check = (r: ReturnType<typeof run>) => increasedHttpFailureRate.check(prepareRun(r));

describe("http_load_increased_http_failure_rate", () => {
  it("fires for a period 10.1 points above the start, with that period's range and numbers", () => {
    const insight = check(elevated(121));
    expect(insight).toMatchObject({
      id: "http_load_increased_http_failure_rate",
      severity: "critical",
      from: T0 + 30_000,
      to: T0 + 50_000,
      metric: "http_req_failed",
      values: {
        baselineRate: 0.02,
        failureRate: 0.121,
        peakRate: 0.121,
        requests: 20_000,
        failures: 2420,
        periods: 1,
      },
    });
    expect(insight?.explanation).toContain("From 30s to 50s into the test");
    expect(insight?.explanation).toContain("10.1 points above the 2.0%");
  });

  it("fires at exactly 10 points and not at 9.9", () => {
    expect(check(elevated(120))).toBeDefined();
    expect(check(elevated(119))).toBeUndefined();
  });

  it("needs the rise to be significant, not a few failures among few requests", () => {
    // 2 requests a second: 10 s of 3 failures in 20 requests (15%) against 0 of 20 at the start, p ≈ 0.07.
    expect(check(run([...repeat(0, 20), 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, ...repeat(0, 50)], 2))).toBeUndefined();
    // 8 failures in 20 (40%): p ≈ 0.002.
    expect(check(run([...repeat(0, 20), 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, ...repeat(0, 50)], 2))).toBeDefined();
  });

  it("reports the period with the most excess failures and counts the others", () => {
    const failures = [
      ...repeat(20, 5),
      ...repeat(200, 12),
      ...repeat(20, 20),
      ...repeat(500, 15),
      ...repeat(20, 28),
    ];
    const insight = check(run(failures));
    expect(insight?.values?.periods).toBe(2);
    // 500 a second from 47 s to 62 s into the test beats 200 a second from 15 s to 27 s.
    expect(insight?.from).toBe(T0 + 47_000);
    expect(insight?.to).toBe(T0 + 62_000);
    expect(insight?.explanation).toContain("one of 2 such periods");
  });

  it("does not fire on a steady failure rate, however high", () => {
    expect(check(run(repeat(20, 80)))).toBeUndefined();
    const allBad = syntheticRun(90, {
      iterations: perSecond(repeat(10, 90)),
      requests: perSecond(repeat(1000, 90)),
      failures: perSecond(repeat(400, 90)),
    });
    expect(check(allBad)).toBeUndefined();
  });

  it("needs the first 100 iterations to compare with", () => {
    const r = syntheticRun(90, {
      iterations: perSecond(repeat(1, 90)),
      requests: perSecond(repeat(1000, 90)),
      failures: perSecond([...repeat(0, 40), ...repeat(500, 50)]),
    });
    expect(check(r)).toBeUndefined();
  });
});
