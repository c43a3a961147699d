import { describe, expect, it } from "vitest";
import { gaussian, seeded } from "../synthetic.test-helpers.js";
import { fitLoadCurve, predictHinge, predictLoadCurve } from "./change-point.js";

const levels = (from: number, to: number, step = 1) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

describe("fitLoadCurve", () => {
  it("finds the exact breakpoint and slopes of a noiseless hinge", () => {
    const x = levels(10, 100, 5);
    const y = x.map((v) => (v <= 50 ? 100 : 100 + 4 * (v - 50)));
    const fit = fitLoadCurve(x, y);
    expect(fit.model).toBe("hinge");
    expect(fit.hinge?.breakpoint).toBe(50);
    expect(fit.hinge?.slopeBefore).toBeCloseTo(0, 9);
    expect(fit.hinge?.slopeAfter).toBeCloseTo(4, 9);
    expect(predictLoadCurve(fit, 100)).toBeCloseTo(300, 6);
  });

  it("prefers one line for linear data and a constant for flat data", () => {
    const x = levels(1, 40);
    expect(
      fitLoadCurve(
        x,
        x.map((v) => 3 + 2 * v),
      ).model,
    ).toBe("linear");
    expect(
      fitLoadCurve(
        x,
        x.map(() => 7),
      ).model,
    ).toBe("flat");
  });

  it("locates a noisy knee within a few levels", () => {
    const rand = seeded(3);
    const x = levels(1, 120);
    const y = x.map((v) => (v <= 70 ? 80 : 80 + 3 * (v - 70)) + 5 * gaussian(rand));
    const fit = fitLoadCurve(x, y);
    expect(fit.model).toBe("hinge");
    expect(Math.abs((fit.hinge?.breakpoint ?? 0) - 70)).toBeLessThanOrEqual(4);
  });

  it("does not invent a knee in noise around a constant", () => {
    const rand = seeded(5);
    const x = levels(1, 120);
    const fit = fitLoadCurve(
      x,
      x.map(() => 80 + 5 * gaussian(rand)),
    );
    expect(fit.model).toBe("flat");
  });

  it("needs three levels on each side of a breakpoint", () => {
    const x = [1, 2, 3, 4, 5];
    const fit = fitLoadCurve(
      x,
      x.map((v) => (v <= 3 ? 0 : v)),
    );
    expect(fit.hinge).toBeUndefined();
    expect(fit.model).not.toBe("hinge");
    expect(fitLoadCurve([1, 2, 3, 4, 5, 6], [0, 0, 0, 1, 2, 3]).hinge?.breakpoint).toBe(3);
  });

  it("finds the exact knee when it first tries only a sample of the breakpoints", () => {
    const x = levels(1, 2000);
    const y = x.map((v) => Math.min(10 * v, 5000));
    const fit = fitLoadCurve(x, y, { maxCandidates: 50 });
    expect(fit.model).toBe("hinge");
    expect(fit.hinge?.breakpoint).toBe(500);
  });

  it("rejects mismatched or non-finite input", () => {
    expect(() => fitLoadCurve([1, 2], [1])).toThrow(RangeError);
    expect(() => fitLoadCurve([1, 2], [1, Number.NaN])).toThrow(/point 1/);
  });
});

describe("predictHinge", () => {
  it("is continuous at the breakpoint", () => {
    const h = { breakpoint: 50, intercept: 10, slopeBefore: 2, slopeAfter: -1, sse: 0 };
    expect(predictHinge(h, 50)).toBe(110);
    expect(predictHinge(h, 60)).toBe(100);
    expect(predictHinge(h, 40)).toBe(90);
  });
});
