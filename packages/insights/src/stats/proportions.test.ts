import { describe, expect, it } from "vitest";
import { compareProportions } from "./proportions.js";

describe("compareProportions", () => {
  it("matches a hand-computed pooled z-test", () => {
    // 45/100 vs 56/100: pooled 0.505, SE = sqrt(0.505 · 0.495 · 0.02) = 0.070707, z = 0.11 / SE.
    const r = compareProportions(45, 100, 56, 100);
    expect(r.p1).toBe(0.45);
    expect(r.p2).toBe(0.56);
    expect(r.difference).toBeCloseTo(0.11, 12);
    expect(r.z).toBeCloseTo(1.5557, 4);
    expect(r.pValue).toBeCloseTo(0.1198, 4);
    expect(r.significant).toBe(false);
  });

  it("is significant at 1% for a clear difference and gives its direction", () => {
    const r = compareProportions(12, 4000, 61, 4100);
    expect(r.significant).toBe(true);
    expect(r.z).toBeGreaterThan(0);
    const swapped = compareProportions(61, 4100, 12, 4000);
    expect(swapped.z).toBeCloseTo(-r.z, 12);
    expect(swapped.pValue).toBeCloseTo(r.pValue, 15);
  });

  it("decides at the 1% level by default and honours alpha", () => {
    // z ≈ 2.17: p ≈ 0.030, significant at 5% but not at 1%.
    const r = compareProportions(100, 1000, 131, 1000);
    expect(r.pValue).toBeGreaterThan(0.01);
    expect(r.pValue).toBeLessThan(0.05);
    expect(r.significant).toBe(false);
    expect(compareProportions(100, 1000, 131, 1000, { alpha: 0.05 }).significant).toBe(true);
  });

  it("finds no evidence without data or without variation", () => {
    expect(compareProportions(0, 0, 5, 10)).toMatchObject({ pValue: 1, significant: false, p1: 0 });
    expect(compareProportions(0, 500, 0, 800)).toMatchObject({ pValue: 1, significant: false, z: 0 });
    expect(compareProportions(500, 500, 800, 800)).toMatchObject({ pValue: 1, significant: false });
  });

  it("rejects impossible counts", () => {
    expect(() => compareProportions(5, 4, 1, 10)).toThrow(RangeError);
    expect(() => compareProportions(-1, 4, 1, 10)).toThrow(/first sample/);
    expect(() => compareProportions(1, 4, 1, Number.NaN)).toThrow(/second sample/);
  });
});
