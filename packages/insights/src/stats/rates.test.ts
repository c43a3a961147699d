import { describe, expect, it } from "vitest";
import { compareRates } from "./rates.js";

describe("compareRates", () => {
  it("finds a 10% drop in throughput over thousands of requests significant", () => {
    const result = compareRates(30_000, 300, 27_000, 300);
    expect(result).toMatchObject({ rate1: 100, rate2: 90, significant: true });
    expect(result.ratio).toBeCloseTo(0.9, 10);
    expect(result.z).toBeLessThan(0);
  });

  it("does not find a difference within Poisson noise", () => {
    // Equal rates over different durations, and a difference of one standard deviation.
    expect(compareRates(1000, 10, 2000, 20).significant).toBe(false);
    expect(compareRates(10_000, 100, 10_100, 100).significant).toBe(false);
  });

  it("matches the exact normal approximation on a hand-worked case", () => {
    // n = 200, p0 = 0.5, x2 = 130: z = (130 - 100) / sqrt(50) = 4.2426
    const result = compareRates(70, 1, 130, 1);
    expect(result.z).toBeCloseTo(4.2426, 3);
    expect(result.pValue).toBeCloseTo(2.2e-5, 6);
  });

  it("cannot show a difference without exposure or events, and refuses negative input", () => {
    expect(compareRates(0, 10, 0, 10)).toMatchObject({ pValue: 1, significant: false, ratio: null });
    expect(compareRates(10, 0, 10, 10)).toMatchObject({ pValue: 1, significant: false });
    expect(() => compareRates(-1, 1, 1, 1)).toThrow(RangeError);
  });
});
