import { describe, expect, it } from "vitest";
import { capitalize, count, ms, offset, pct, points, pValue } from "./format.js";

describe("format", () => {
  it("writes numbers the way the explanations need them", () => {
    expect(pct(0.1234)).toBe("12.3%");
    expect(points(0.104)).toBe("10.4 points");
    expect([ms(0.423), ms(12.34), ms(245.6), ms(1240)]).toEqual(["0.42 ms", "12.3 ms", "246 ms", "1.24 s"]);
    expect(count(12345.4)).toBe("12,345");
    expect([offset(9_000), offset(65_000), offset(3_725_000), offset(-5)]).toEqual([
      "9s",
      "1m05s",
      "1h02m05s",
      "0s",
    ]);
    expect([pValue(0.0123), pValue(3.2e-9), pValue(0)]).toEqual(["p = 0.0123", "p = 3.2e-9", "p < 1e-300"]);
    expect(capitalize("from 1m")).toBe("From 1m");
  });
});
