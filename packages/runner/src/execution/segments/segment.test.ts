import { describe, expect, it } from "vitest";
import { ExecutionSegmentError } from "./errors.js";
import { parseSegment } from "./segment.js";

describe("parseSegment", () => {
  it.each([
    ["1/2:3/4", "1/2:3/4"],
    ["0.5:0.75", "1/2:3/4"],
    ["50%:75%", "1/2:3/4"],
    ["2/4:75%", "1/2:3/4"],
    ["20%", "0:1/5"],
    ["0.2", "0:1/5"],
    ["1/5", "0:1/5"],
    ["", "0:1"],
    ["0:1", "0:1"],
  ])("reads %j as %s, like k6", (text, expected) => {
    expect(parseSegment(text).toString()).toBe(expected);
  });

  it("knows the whole test", () => {
    expect(parseSegment("0:100%").isWhole).toBe(true);
    expect(parseSegment("0:1/2").isWhole).toBe(false);
  });

  it.each([
    ["2/3:1/3", /start 2\/3 must be less than its end 1\/3/],
    ["1/2:1/2", /must be less than its end/],
    ["-0.5:1", /must be at least 0/],
    ["0:1.5", /must not be more than 1/],
    ["a:1", /"a" is not a valid .*from:to/],
    ["0:1:2", /"1:2" is not a valid/],
  ])("refuses %j", (text, message) => {
    expect(() => parseSegment(text)).toThrow(ExecutionSegmentError);
    expect(() => parseSegment(text)).toThrow(message);
  });
});
