import { describe, expect, it } from "vitest";
import { prepareRun } from "../context.js";
import { gaussian, perSecond, repeat, seeded, syntheticRun, T0 } from "../synthetic.test-helpers.js";
import { throughputLimit } from "./throughput-limit.js";

/** A ramp of one VU a second from `from` to `to` VUs, then 20 s at `to`; requests per second from `rps(vus)`. */
function ramp(from: number, to: number, rps: (vus: number) => number, p95?: (vus: number) => number) {
  const vus = [...Array.from({ length: to - from + 1 }, (_, i) => from + i), ...repeat(to, 20)];
  return syntheticRun(vus.length, {
    vus: perSecond(vus),
    requests: perSecond(vus.map(rps)),
    p95: p95 ? perSecond(vus.map(p95)) : [],
  });
}

const check = (run: ReturnType<typeof ramp>) => throughputLimit.check(prepareRun(run));
/** Throughput that grows 10 requests/s per VU up to 50 VUs, then `after` per VU. */
const kneeAt50 = (after: number) => (v: number) => (v <= 50 ? 10 * v : 500 + after * (v - 50));

describe("http_load_throughput_limit", () => {
  it("fires where requests per second stop growing with VUs, from the first second at that level", () => {
    const insight = check(ramp(1, 100, kneeAt50(0), (v) => (v <= 50 ? 100 : 100 + 8 * (v - 50))));
    expect(insight).toMatchObject({
      id: "http_load_throughput_limit",
      severity: "warning",
      from: T0 + 49_000,
      to: T0 + 120_000,
      metric: "http_reqs",
      values: { kneeVus: 50, maxVus: 100, requestsPerSecondAtKnee: 500, requestsPerSecondAtMax: 500 },
    });
    expect(insight?.explanation).toContain("up to about 50 VUs (500 requests/s)");
    expect(insight?.explanation).toContain(
      "p95 response time went from 100 ms at 50 VUs to 500 ms at 100 VUs",
    );
    expect(insight?.explanation).toContain("changed throughput by 0.0 requests/s, against +10.0 before");
  });

  it("fires when each extra VU brings 9% of what it brought before, not 11%", () => {
    expect(check(ramp(1, 100, kneeAt50(0.9)))).toBeDefined();
    expect(check(ramp(1, 100, kneeAt50(1.1)))).toBeUndefined();
  });

  it("fires when throughput falls after the knee", () => {
    expect(check(ramp(1, 100, kneeAt50(-2)))?.values?.kneeVus).toBe(50);
  });

  it("needs VUs to go at least 25% past the knee", () => {
    expect(check(ramp(1, 62, kneeAt50(0)))).toBeUndefined();
    expect(check(ramp(1, 63, kneeAt50(0)))).toBeDefined();
  });

  it("needs throughput to have grown before the knee", () => {
    // From 45 VUs: 450 → 500 requests/s is +11%, no rise to speak of.
    expect(check(ramp(45, 100, kneeAt50(0)))).toBeUndefined();
  });

  it("does not fire while throughput keeps growing with VUs", () => {
    expect(check(ramp(1, 100, (v) => 10 * v))).toBeUndefined();
  });

  it("does not fire without a ramp", () => {
    const flat = syntheticRun(60, { vus: perSecond(repeat(50, 60)), requests: perSecond(repeat(500, 60)) });
    expect(check(flat)).toBeUndefined();
  });

  it("finds a saturating system in noisy data", () => {
    // Closed model: X(N) = N / (Z + R(N)), think time 0.5 s, capacity 400 requests/s.
    const rand = seeded(9);
    const rps = (n: number) => {
      const x = Math.min(n / 0.55, 400);
      return Math.max(0, x + Math.sqrt(x) * gaussian(rand));
    };
    const insight = check(ramp(1, 400, rps));
    expect(insight).toBeDefined();
    expect(Math.abs(Number(insight?.values?.kneeVus) - 220)).toBeLessThanOrEqual(20);
  });
});
