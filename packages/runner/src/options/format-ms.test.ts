import { describe, expect, it } from "vitest";
import { formatMs } from "./format-ms.js";

describe("formatMs", () => {
  it.each([
    [0, "0s"],
    [250, "250ms"],
    [1000, "1s"],
    [1500, "1.5s"],
    [90_000, "1m30s"],
    [3_723_500, "1h2m3.5s"],
    [3_600_000, "1h"],
    [-2000, "-2s"],
    [0.5, "0.5ms"],
  ])("prints %d ms as %s", (ms, text) => {
    expect(formatMs(ms)).toBe(text);
  });
});
