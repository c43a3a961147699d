import { describe, expect, it } from "vitest";
import { prepareRun } from "./context.js";
import { perSecond, repeat, syntheticRun, T0 } from "./synthetic.test-helpers.js";

describe("prepareRun", () => {
  it("lays series on the bucket grid, summing counts and keeping gauges' last value", () => {
    const ctx = prepareRun(
      syntheticRun(5, {
        requests: [
          { time: T0, value: 3 },
          { time: T0 + 400, value: 2 },
          { time: T0 + 2000, value: 7 },
          { time: T0 - 1000, value: 100 }, // before the run
          { time: T0 + 5000, value: 100 }, // after it
        ],
        vus: [
          { time: T0 + 1000, value: 4 },
          { time: T0 + 1500, value: 6 },
        ],
      }),
    );
    expect(ctx.buckets).toBe(5);
    expect([...ctx.requests]).toEqual([5, 0, 7, 0, 0]);
    expect(ctx.totalRequests).toBe(12);
    expect(ctx.vus[1]).toBe(6);
    expect(Number.isNaN(ctx.vus[0])).toBe(true);
  });

  it("puts a run that starts between bucket edges in the bucket holding its start", () => {
    const run = syntheticRun(3, {
      startedAt: T0 + 300,
      endedAt: T0 + 3300,
      requests: perSecond([1, 2, 3, 4]),
    });
    const ctx = prepareRun(run);
    expect(ctx.origin).toBe(T0);
    expect(ctx.buckets).toBe(4);
    expect([...ctx.requests]).toEqual([1, 2, 3, 4]);
    expect(ctx.bucketStart(0)).toBe(T0 + 300); // clamped to the run
    expect(ctx.bucketEnd(3)).toBe(T0 + 3300);
  });

  it("finds the bucket in which the 100th iteration completed", () => {
    const ctx = prepareRun(
      syntheticRun(30, {
        iterations: perSecond(repeat(30, 30)),
        requests: perSecond(repeat(60, 30)),
        failures: perSecond([1, 2, 3, 4, 5]),
      }),
    );
    expect(ctx.training).toEqual({ lastBucket: 3, completedAt: T0 + 4000, requests: 240, failures: 10 });
    expect(prepareRun(syntheticRun(30, { iterations: perSecond(repeat(3, 30)) })).training).toBeUndefined();
  });

  it("rejects impossible bounds", () => {
    expect(() => prepareRun(syntheticRun(10, { periodMs: 0 }))).toThrow(RangeError);
    expect(() => prepareRun(syntheticRun(10, { endedAt: T0 - 1 }))).toThrow(/startedAt <= endedAt/);
  });
});
