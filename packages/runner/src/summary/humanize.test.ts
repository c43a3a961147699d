import { describe, expect, it } from "vitest";
import { humanizeBytes, humanizeDuration, humanizeValue } from "./humanize.js";

describe("humanizeBytes", () => {
  it.each([
    [0, "0 B"],
    [9, "9 B"],
    [9.5, "9.5 B"],
    [10, "10 B"],
    [999, "999 B"],
    [1000, "1.0 kB"],
    [1500, "1.5 kB"],
    [25_049, "25 kB"],
    [375_012, "375 kB"],
    [6250.2, "6.3 kB"],
    [999_999, "1000 kB"],
    [1_000_000, "1.0 MB"],
    [2_345_678_901, "2.3 GB"],
  ])("formats %d bytes as %s, like k6", (bytes, text) => {
    expect(humanizeBytes(bytes)).toBe(text);
  });
});

describe("humanizeDuration", () => {
  it.each([
    [0, "0s"],
    [2 ** -12, "244ns"],
    [0.005, "5µs"],
    [0.5, "500µs"],
    [0.75, "750µs"],
    [49.94123, "49.94ms"],
    [999.999, "999.99ms"],
    [1000, "1s"],
    [1002.3, "1s"],
    [1234.5678, "1.23s"],
    [59_999, "59.99s"],
    [60_000, "1m0s"],
    [61_234, "1m1s"],
    [3_723_000, "1h2m3s"],
    [90_061_500, "25h1m1s"],
  ])("formats %d ms as %s when no unit is fixed", (ms, text) => {
    expect(humanizeDuration(ms)).toBe(text);
    expect(humanizeDuration(ms, "")).toBe(text);
    expect(humanizeDuration(ms, null)).toBe(text);
  });

  it.each([
    ["s", "1.23s"],
    ["ms", "1234.57ms"],
    ["us", "1234567.80µs"],
    ["constructor", "1.23s"],
  ])("formats in the fixed unit %s with two decimals", (unit, text) => {
    expect(humanizeDuration(1234.5678, unit)).toBe(text);
  });
});

describe("humanizeValue", () => {
  const rate = { type: "rate", contains: "default" } as const;
  it("truncates rates to a percentage with two decimals", () => {
    expect(humanizeValue(22 / 27, rate)).toBe("81.48%");
    expect(humanizeValue(0.99999, rate)).toBe("99.99%");
    expect(humanizeValue(1, rate)).toBe("100.00%");
    expect(humanizeValue(0, rate)).toBe("0.00%");
  });

  it("formats by what the metric contains", () => {
    expect(humanizeValue(375_012, { type: "counter", contains: "data" })).toBe("375 kB");
    expect(humanizeValue(49.94123, { type: "trend", contains: "time" })).toBe("49.94ms");
    expect(humanizeValue(49.94123, { type: "trend", contains: "time" }, "s")).toBe("0.05s");
    expect(humanizeValue(3.1234567, { type: "trend", contains: "default" })).toBe("3.123457");
    expect(humanizeValue(0.1 + 0.2, { type: "gauge", contains: "default" })).toBe("0.3");
    expect(humanizeValue(60, { type: "counter", contains: "default" })).toBe("60");
  });
});
