import { encodeHistogram, Histogram, toUnits } from "@barrage/hdr-native";
import { describe, expect, it } from "vitest";
import { prepareRun } from "../context.js";
import { gaussian, seeded, syntheticRun } from "../synthetic.test-helpers.js";
import { latencyRegression } from "./latency-regression.js";

/** `n` lognormal latencies around `medianMs`, every one multiplied by `factor`. */
function latencies(seed: number, n: number, medianMs: number, factor = 1): Histogram {
  const rand = seeded(seed);
  const h = new Histogram();
  for (let i = 0; i < n; i++) h.record(toUnits(factor * medianMs * Math.exp(0.4 * gaussian(rand))));
  return h;
}

const check = (baseline: Histogram | undefined, run: Histogram | undefined) =>
  latencyRegression.check(
    prepareRun(
      syntheticRun(300, {
        ...(run ? { durationHistogram: encodeHistogram(run) } : {}),
        ...(baseline ? { baseline: { runId: "run-41", durationHistogram: encodeHistogram(baseline) } } : {}),
      }),
    ),
  );

describe("http_load_latency_regression", () => {
  it("fires for a significant 10% slowdown, naming the baseline, the percentiles and the test", () => {
    const insight = check(latencies(1, 20_000, 80), latencies(1, 20_000, 80, 1.1));
    expect(insight).toMatchObject({
      id: "http_load_latency_regression",
      severity: "warning",
      metric: "http_req_duration",
    });
    expect(Number(insight?.values?.p95Change)).toBeGreaterThan(0.09);
    expect(Number(insight?.values?.p95Change)).toBeLessThan(0.11);
    expect(Number(insight?.values?.pValue)).toBeLessThan(0.01);
    expect(insight?.explanation).toContain("baseline run run-41");
    expect(insight?.explanation).toContain("Mann–Whitney U test");
    expect(insight?.explanation).toMatch(/p50 \d/);
  });

  it("is critical from 20% slower", () => {
    expect(check(latencies(1, 5000, 80), latencies(2, 5000, 80, 1.3))?.severity).toBe("critical");
  });

  it("fires at +6% on p95 and not at +4%, however significant", () => {
    // The same samples scaled, so that only the factor differs; 100,000 requests make both significant.
    expect(check(latencies(3, 100_000, 80), latencies(3, 100_000, 80, 1.06))).toBeDefined();
    expect(check(latencies(3, 100_000, 80), latencies(3, 100_000, 80, 1.04))).toBeUndefined();
  });

  it("does not fire for the same distribution, or for a faster run", () => {
    expect(check(latencies(4, 20_000, 80), latencies(5, 20_000, 80))).toBeUndefined();
    expect(check(latencies(4, 20_000, 80), latencies(5, 20_000, 80, 0.7))).toBeUndefined();
  });

  it("does not fire on a few slow requests that are not significant", () => {
    // 30 requests, one of them very slow: p95 jumps, the distributions do not differ at 1%.
    const base = latencies(6, 30, 80);
    const run = latencies(6, 30, 80);
    run.record(toUnits(2000));
    expect(check(base, run)).toBeUndefined();
  });

  it("needs p95 to be at least 1 ms slower", () => {
    // 0.4 ms → 0.6 ms: +50%, significant, but 0.2 ms.
    expect(check(latencies(7, 20_000, 0.4), latencies(7, 20_000, 0.4, 1.5))).toBeUndefined();
  });

  it("needs a baseline and this run's histogram", () => {
    expect(check(undefined, latencies(8, 1000, 80))).toBeUndefined();
    expect(check(latencies(8, 1000, 80), undefined)).toBeUndefined();
  });
});
