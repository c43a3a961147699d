import { describe, expect, it } from "vitest";
import { alignLines, formatElapsed, originOf, RUN_CHARTS, rangeToInstants } from "./chart-data.js";

describe("alignLines", () => {
  it("overlays two runs on seconds since each one's start, null where one has no bucket", () => {
    const run = {
      points: [
        { t: 10_000, value: 1 },
        { t: 11_000, value: 2 },
      ],
      origin: 10_000,
      pick: (p: { value: number }) => p.value,
    };
    const base = {
      points: [
        { t: 500_000, value: 7 },
        { t: 502_000, value: 9 },
      ],
      origin: 500_000,
      pick: (p: { value: number }) => p.value,
    };
    expect(alignLines([run, base])).toEqual([
      [0, 1, 2],
      [1, 2, null],
      [7, null, 9],
    ]);
  });

  it("leaves out figures a point does not have", () => {
    const line = {
      points: [{ t: 0, value: 3, p99: null }],
      origin: 0,
      pick: (p: { p99?: number | null }) => p.p99,
    };
    expect(alignLines([line])).toEqual([[0], [null]]);
  });
});

describe("run charts", () => {
  it("charts p50, p95 and p99 of the response time and the failure rate in percent", () => {
    const latency = RUN_CHARTS.find((c) => c.id === "response-time");
    expect(latency?.lines.map((l) => l.pick({ t: 0, value: 9, p50: 4, p95: 9, p99: 12 }))).toEqual([
      4, 9, 12,
    ]);
    expect(RUN_CHARTS.find((c) => c.id === "failure-rate")?.lines[0]?.pick({ t: 0, value: 0.25 })).toBe(25);
  });
});

describe("originOf and rangeToInstants", () => {
  it("counts from the run's start, or from its first point", () => {
    expect(originOf("2025-11-28T09:30:00.000Z", {})).toBe(Date.parse("2025-11-28T09:30:00.000Z"));
    // On the whole second, so that the buckets of runs started at different instants align.
    expect(originOf("2025-11-28T09:30:00.640Z", {})).toBe(Date.parse("2025-11-28T09:30:00.000Z"));
    expect(originOf(null, { a: [{ t: 5000, value: 0 }], b: [{ t: 3000, value: 0 }], c: [] })).toBe(3000);
    expect(originOf(null, {})).toBeUndefined();
  });

  it("turns a zoomed x range into whole-millisecond instants that cover it", () => {
    const origin = Date.parse("2025-11-28T09:30:00.000Z");
    expect(rangeToInstants(origin, 2.5, 7.25)).toEqual({
      from: "2025-11-28T09:30:02.500Z",
      to: "2025-11-28T09:30:07.250Z",
    });
  });
});

describe("formatElapsed", () => {
  it("writes minutes and seconds, and hours when there are", () => {
    expect(formatElapsed(0)).toBe("0:00");
    expect(formatElapsed(65)).toBe("1:05");
    expect(formatElapsed(3725)).toBe("1:02:05");
  });
});
