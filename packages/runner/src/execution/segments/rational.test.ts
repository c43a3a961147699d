import { describe, expect, it } from "vitest";
import { ExecutionSegmentError } from "./errors.js";
import { parseRational, Rational } from "./rational.js";

describe("parseRational", () => {
  it.each([
    ["25%", "1/4"],
    ["100%", "1"],
    ["1/3", "1/3"],
    ["2/4", "1/2"],
    ["0.25", "1/4"],
    [".5", "1/2"],
    ["1", "1"],
    ["2.5e-1", "1/4"],
    ["-0.5", "-1/2"],
  ])("reads %s as %s", (text, expected) => {
    expect(parseRational(text).toString()).toBe(expected);
  });

  it.each([["33.3%"], ["abc"], ["1/0"], [""], ["."], ["1/2/3"], ["0x10"]])("refuses %j", (text) => {
    expect(() => parseRational(text)).toThrow(ExecutionSegmentError);
  });

  it("says what is allowed", () => {
    expect(() => parseRational("half")).toThrow(/"half" is not a valid .*like 25%, 0.25 or 1\/4/);
    expect(() => parseRational("12.5%")).toThrow(/integer percentage like 25%/);
  });
});

describe("Rational", () => {
  it("compares and subtracts exactly", () => {
    const third = Rational.of(1n, 3n);
    expect(Rational.ONE.minus(third).minus(third).equals(third)).toBe(true);
    expect(third.compare(Rational.of(2n, 6n))).toBe(0);
    expect(third.compare(Rational.of(1n, 2n))).toBeLessThan(0);
    expect(Rational.of(3n, -6n).toString()).toBe("-1/2");
  });
});
