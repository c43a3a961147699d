import { describe, expect, it } from "vitest";
import { parseDuration } from "./duration.js";
import { OptionsError } from "./errors.js";

describe("parseDuration", () => {
  it.each([
    ["1h2m3.5s", 3_723_500],
    ["300ms", 300],
    ["1.5s", 1500],
    ["10us", 0.01],
    ["10\u00b5s", 0.01],
    ["500ns", 0.0005],
    [".5m", 30_000],
    ["0", 0],
    ["-1.5h", -5_400_000],
    ["2d", 172_800_000],
    ["1d12h", 129_600_000],
    ["1500", 1500],
    ["2.5", 2.5],
    [250, 250],
  ])("reads %j as %d ms, like k6", (value, ms) => {
    expect(parseDuration(value, "duration")).toBeCloseTo(ms, 9);
  });

  it.each<[string | number]>([
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    ["10 seconds"],
    ["1h30"],
    ["s"],
    [""],
    ["1.5.5s"],
    ["1d-2h"],
    ["5sec"],
    ["1.5d"],
  ])("refuses %j", (value) => {
    expect(() => parseDuration(value, "x")).toThrow(OptionsError);
  });

  it("names the option and shows what is allowed", () => {
    expect(() => parseDuration("10 seconds", "scenarios.api.duration")).toThrow(
      'invalid options: scenarios.api.duration: "10 seconds" is not a duration; use a number of milliseconds or a string like "30s", "1m30s", "1.5h", "500ms" or "2d" (units: ns, us, ms, s, m, h, d)',
    );
    try {
      parseDuration("soon", "setupTimeout");
    } catch (error) {
      expect((error as OptionsError).issues).toEqual([
        { path: "setupTimeout", message: expect.stringContaining('"soon"') },
      ]);
    }
  });
});
