import { describe, expect, it } from "vitest";
import { fromUnits, toUnits } from "./units.js";

describe("toUnits / fromUnits", () => {
  it("keeps three decimals: milliseconds become whole microseconds", () => {
    expect(toUnits(12.3456)).toBe(12346);
    expect(toUnits(0.0004)).toBe(0);
    expect(toUnits(250)).toBe(250_000);
    expect(fromUnits(12346)).toBe(12.346);
  });

  it("clamps negative and NaN values to 0, which the scheme can record", () => {
    expect(toUnits(-3.2)).toBe(0);
    expect(toUnits(Number.NaN)).toBe(0);
  });
});
