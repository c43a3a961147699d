import { encodeHistogram, Histogram, toUnits } from "@barrage/hdr-native";
import { describe, expect, it } from "vitest";
import { gaussian, seeded } from "../synthetic.test-helpers.js";
import { compareHistograms, kolmogorovSurvival } from "./histogram-test.js";

/** Values below 256 units have a bucket each, so these histograms hold the exact samples. */
function exact(values: readonly number[]): Histogram {
  const h = new Histogram();
  for (const v of values) h.record(v);
  return h;
}

/** Latencies in ms, lognormal around `medianMs`, recorded in µs as the runner does. */
function latencies(seed: number, n: number, medianMs: number, sigma = 0.4): Histogram {
  const rand = seeded(seed);
  const h = new Histogram();
  for (let i = 0; i < n; i++) h.record(toUnits(medianMs * Math.exp(sigma * gaussian(rand))));
  return h;
}

// Small samples with many ties. Reference values from SciPy 1.17:
// mannwhitneyu(b, a, use_continuity=True, method="asymptotic") and ks_2samp(a, b).
const A = [3, 5, 5, 7, 9, 9, 9, 12, 15, 20, 20, 21, 30, 31, 40];
const B = [5, 7, 9, 12, 12, 15, 18, 20, 25, 30, 35, 40, 41, 50, 60, 60, 70];

describe("compareHistograms, Mann–Whitney U", () => {
  it("matches SciPy's tie-corrected U test on exact small samples", () => {
    const r = compareHistograms(exact(A), exact(B));
    expect(r.test).toBe("mann-whitney");
    expect(r.statistic).toBe(181.5);
    expect(r.pValue).toBeCloseTo(0.042834059853589, 6);
    expect(r.significant).toBe(false); // significant at 5%, not at the default 1%
    expect(compareHistograms(exact(A), exact(B), { alpha: 0.05 }).significant).toBe(true);
    expect(r.probabilityBHigher).toBeCloseTo(181.5 / (15 * 17), 12);
    expect(r.z).toBeGreaterThan(0);
  });

  it("computes U from bucket counts as a brute-force count of pairs would", () => {
    const rand = seeded(7);
    const a = Array.from({ length: 300 }, () => Math.floor(rand() * 200));
    const b = Array.from({ length: 250 }, () => Math.floor(rand() * 220));
    let u = 0;
    for (const x of b) for (const y of a) u += x > y ? 1 : x === y ? 0.5 : 0;
    expect(compareHistograms(exact(a), exact(b)).statistic).toBeCloseTo(u, 6);
  });

  it("finds no difference between identical histograms", () => {
    const h = latencies(1, 2000, 50);
    const r = compareHistograms(h, h.clone());
    expect(r.probabilityBHigher).toBe(0.5);
    expect(r.pValue).toBe(1);
    expect(r.significant).toBe(false);
  });

  it("does not call two samples of one distribution different", () => {
    const r = compareHistograms(latencies(11, 20_000, 50), latencies(12, 20_000, 50));
    expect(r.significant).toBe(false);
    expect(r.percentiles.find((p) => p.q === 0.95)?.change ?? 1).toBeLessThan(0.03);
  });

  it("detects a 5% slowdown over 20,000 requests and says which side is slower", () => {
    const before = latencies(21, 20_000, 50);
    const after = latencies(22, 20_000, 52.5);
    const r = compareHistograms(before, after);
    expect(r.significant).toBe(true);
    expect(r.probabilityBHigher).toBeGreaterThan(0.5);
    const reverse = compareHistograms(after, before);
    expect(reverse.significant).toBe(true);
    expect(reverse.probabilityBHigher).toBeLessThan(0.5);
    expect(reverse.z).toBeLessThan(0);
  });

  it("accepts encoded histograms and reports percentiles in units", () => {
    const a = exact([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    const b = exact([20, 40, 60, 80, 100, 120, 140, 160, 180, 200]);
    const r = compareHistograms(encodeHistogram(a), encodeHistogram(b), { quantiles: [0.5, 0.9] });
    expect(r.percentiles).toEqual([
      { q: 0.5, a: 50, b: 100, change: 1 },
      { q: 0.9, a: 90, b: 180, change: 1 },
    ]);
    expect(r.countA).toBe(10);
    expect(r.countB).toBe(10);
  });

  it("has nothing to test when a histogram is empty or everything is one bucket", () => {
    expect(compareHistograms(new Histogram(), exact(A))).toMatchObject({ pValue: 1, significant: false });
    expect(compareHistograms(exact([5, 5, 5]), exact([5, 5]))).toMatchObject({
      pValue: 1,
      significant: false,
    });
  });
});

describe("compareHistograms, Kolmogorov–Smirnov", () => {
  it("computes D as SciPy does and the Stephens-corrected asymptotic p-value", () => {
    const r = compareHistograms(exact(A), exact(B), { test: "kolmogorov-smirnov" });
    expect(r.statistic).toBeCloseTo(0.34509803921568627, 12);
    // kstwobign.sf((√ne + 0.12 + 0.11/√ne) · D) with ne = 15·17/32.
    expect(r.pValue).toBeCloseTo(0.24016635131850725, 6);
    expect(r.significant).toBe(false);
  });

  it("tells a change of shape from none", () => {
    const narrow = latencies(31, 10_000, 50, 0.2);
    const wide = latencies(32, 10_000, 50, 0.6);
    expect(compareHistograms(narrow, wide, { test: "kolmogorov-smirnov" }).significant).toBe(true);
    expect(
      compareHistograms(narrow, latencies(33, 10_000, 50, 0.2), { test: "kolmogorov-smirnov" }).significant,
    ).toBe(false);
  });
});

describe("kolmogorovSurvival", () => {
  // SciPy: kstwobign.sf(λ), on both sides of the switch between the two series at 1.18.
  it.each([
    [0.3, 0.9999906941986655],
    [0.8, 0.5441424115741981],
    [1.0, 0.26999967167735456],
    [1.17, 0.12939004218561884],
    [1.19, 0.11774229287977166],
    [1.36, 0.049485876755377876],
    [2.0, 0.0006709252557796953],
    [3.0, 3.045995948942526e-8],
  ])("Q(%d) = %d", (lambda, expected) => {
    expect(Math.abs(kolmogorovSurvival(lambda) - expected)).toBeLessThan(1e-12 + expected * 1e-9);
  });

  it("is 1 at 0", () => {
    expect(kolmogorovSurvival(0)).toBe(1);
  });
});
