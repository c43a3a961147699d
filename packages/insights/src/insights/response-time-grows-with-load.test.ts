import { describe, expect, it } from "vitest";
import { prepareRun } from "../context.js";
import { gaussian, perSecond, repeat, seeded, syntheticRun, T0 } from "../synthetic.test-helpers.js";
import { responseTimeGrowsWithLoad } from "./response-time-grows-with-load.js";

/** A ramp of one VU a second from 1 to `top` VUs, then 20 s at `top`, 50 requests a second; p95 from `p95(vus)`. */
function ramp(p95: (vus: number) => number, top = 100) {
  const vus = [...Array.from({ length: top }, (_, i) => i + 1), ...repeat(top, 20)];
  return syntheticRun(vus.length, {
    vus: perSecond(vus),
    requests: perSecond(repeat(50, vus.length)),
    p95: perSecond(vus.map(p95)),
  });
}

const check = (run: ReturnType<typeof ramp>) => responseTimeGrowsWithLoad.check(prepareRun(run));
/** Flat at `base` ms up to 50 VUs, then a straight climb to `atTop` ms at 100 VUs. */
const kneeAt50 = (base: number, atTop: number) => (v: number) =>
  v <= 50 ? base : base + ((atTop - base) * (v - 50)) / 50;

describe("http_load_response_time_grows_with_load", () => {
  it("fires at the VU level where p95 starts to climb", () => {
    const insight = check(ramp(kneeAt50(100, 151)));
    expect(insight).toMatchObject({
      id: "http_load_response_time_grows_with_load",
      severity: "warning",
      from: T0 + 49_000,
      to: T0 + 120_000,
      metric: "http_req_duration",
      values: { startVus: 50, maxVus: 100, p95AtStart: 100, p95AtMax: 151, model: "hinge" },
    });
    expect(insight?.title).toBe("Response time grows with load: p95 starts to climb at about 50 VUs");
    expect(insight?.explanation).toContain(
      "stayed near 100 ms up to about 50 VUs, then climbed to 151 ms at 100 VUs",
    );
  });

  it("fires for a rise of 1.51× and not 1.49×", () => {
    expect(check(ramp(kneeAt50(100, 151)))).toBeDefined();
    expect(check(ramp(kneeAt50(100, 149)))).toBeUndefined();
  });

  it("needs the rise to be 20 ms, not just a ratio", () => {
    expect(check(ramp(kneeAt50(10, 29)))).toBeUndefined();
    expect(check(ramp(kneeAt50(10, 31)))).toBeDefined();
  });

  it("reports a climb from the lowest load when p95 grows all along", () => {
    const insight = check(ramp((v) => 50 + 2 * v));
    expect(insight?.values).toMatchObject({ startVus: 1, model: "linear" });
    expect(insight?.title).toBe("Response time grows with load: p95 climbs from 1 VUs on");
  });

  it("does not fire on noise around a constant p95", () => {
    const rand = seeded(17);
    expect(check(ramp(() => 120 + 15 * gaussian(rand)))).toBeUndefined();
  });

  it("finds a noisy knee", () => {
    const rand = seeded(23);
    const insight = check(ramp((v) => kneeAt50(100, 300)(v) + 10 * gaussian(rand)));
    expect(Math.abs(Number(insight?.values?.startVus) - 50)).toBeLessThanOrEqual(5);
  });

  it("does not fire without a ramp, or without requests", () => {
    const flat = syntheticRun(60, {
      vus: perSecond(repeat(50, 60)),
      requests: perSecond(repeat(50, 60)),
      p95: perSecond(Array.from({ length: 60 }, (_, i) => 100 + 10 * i)),
    });
    expect(check(flat)).toBeUndefined();
    const idle = ramp(kneeAt50(100, 400));
    expect(check({ ...idle, requests: [] })).toBeUndefined();
  });
});
