import { describe, expect, it } from "vitest";
import { erfc, twoSidedNormalP } from "./normal.js";

describe("erfc", () => {
  // Reference values from the closed forms (Abramowitz & Stegun table 7.1).
  it.each([
    [0, 1],
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028513],
    [2, 0.004677734981047266],
    [-1, 1.8427007929497148],
    [5, 1.5374597944280349e-12],
  ])("erfc(%d) ≈ %d within 1.2e-7 relative", (x, expected) => {
    expect(Math.abs(erfc(x) - expected) / expected).toBeLessThan(1.2e-7);
  });
});

describe("twoSidedNormalP", () => {
  it("gives the usual critical values", () => {
    expect(twoSidedNormalP(1.959963985)).toBeCloseTo(0.05, 6);
    expect(twoSidedNormalP(-2.575829304)).toBeCloseTo(0.01, 6);
    expect(twoSidedNormalP(0)).toBe(1);
  });

  it("keeps tiny p-values instead of rounding them to 0", () => {
    const p = twoSidedNormalP(8);
    expect(p).toBeGreaterThan(1.2e-15);
    expect(p).toBeLessThan(1.3e-15);
  });

  it("treats NaN as no evidence", () => {
    expect(twoSidedNormalP(Number.NaN)).toBe(1);
  });
});
