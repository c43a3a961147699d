import { describe, expect, it } from "vitest";
import { perSecond, T0 } from "../synthetic.test-helpers.js";
import { longestEpisode } from "./loadgen-usage.js";

describe("longestEpisode", () => {
  it("measures the longest stretch at or above the limit, each sample standing for its interval", () => {
    const e = longestEpisode(perSecond([50, 95, 96, 40, 90, 91, 99, 92, 10]), 90, 1000);
    expect(e).toEqual({ start: T0 + 4000, end: T0 + 8000, durationMs: 4000, peak: 99 });
  });

  it("breaks a stretch at a gap in the samples", () => {
    const points = [
      { time: T0, value: 95 },
      { time: T0 + 1000, value: 95 },
      { time: T0 + 5000, value: 95 }, // 4 s without a sample
      { time: T0 + 6000, value: 95 },
      { time: T0 + 7000, value: 95 },
    ];
    expect(longestEpisode(points, 90, 1000)?.durationMs).toBe(3000);
  });

  it("uses the samples' own spacing, and the fallback for a single sample", () => {
    const every5s = [0, 1, 2].map((i) => ({ time: T0 + i * 5000, value: 97 }));
    expect(longestEpisode(every5s, 90, 1000)?.durationMs).toBe(15_000);
    expect(longestEpisode([{ time: T0, value: 97 }], 90, 2000)?.durationMs).toBe(2000);
  });

  it("finds nothing below the limit", () => {
    expect(longestEpisode(perSecond([89.9, 89.9]), 90, 1000)).toBeUndefined();
    expect(longestEpisode([], 90, 1000)).toBeUndefined();
  });
});
