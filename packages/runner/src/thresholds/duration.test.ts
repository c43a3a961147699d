import { describe, expect, it } from "vitest";
import { parseDurationMs } from "./duration.js";

describe("parseDurationMs", () => {
  it.each([
    ["10s", 10_000],
    ["1m30s", 90_000],
    ["1.5h", 5_400_000],
    ["250ms", 250],
    ["500us", 0.5],
    ["500µs", 0.5],
    ["1000000ns", 1],
    ["1d12h", 129_600_000],
    ["0", 0],
    ["1500", 1500],
    ["2.5", 2.5],
    [" 10s ", 10_000],
    [3000, 3000],
  ])("reads %j as %d ms", (input, ms) => {
    expect(parseDurationMs(input)).toBe(ms);
  });

  it.each([["10 s"], ["s"], [""], ["-1s"], ["-5"], ["10x"], ["1h 30m"], [Number.NaN], [-1]])(
    "rejects %j",
    (input) => {
      expect(parseDurationMs(input)).toBeUndefined();
    },
  );
});
