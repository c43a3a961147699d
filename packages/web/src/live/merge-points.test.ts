import { describe, expect, it } from "vitest";
import { firstPointAt, type LivePoint, mergePoints, mergeSeries } from "./merge-points.js";

const p = (t: number, value: number): LivePoint => ({ t, value });

describe("mergePoints", () => {
  it("appends newer points and replaces a point at the same time", () => {
    const merged = mergePoints([p(0, 1), p(1000, 2)], [p(1000, 3), p(2000, 4)]);
    expect(merged).toEqual([p(0, 1), p(1000, 3), p(2000, 4)]);
  });

  it("inserts late points in time order", () => {
    expect(mergePoints([p(0, 1), p(3000, 4)], [p(2000, 3), p(1000, 2)])).toEqual([
      p(0, 1),
      p(1000, 2),
      p(2000, 3),
      p(3000, 4),
    ]);
  });

  it("only fills gaps with keepExisting", () => {
    expect(mergePoints([p(1000, 9)], [p(0, 1), p(1000, 2)], { keepExisting: true })).toEqual([
      p(0, 1),
      p(1000, 9),
    ]);
  });

  it("returns the same array when nothing changed, and never mutates its input", () => {
    const existing = [p(0, 1)];
    expect(mergePoints(existing, [])).toBe(existing);
    expect(mergePoints(existing, [p(0, 5)], { keepExisting: true })).toBe(existing);
    mergePoints(existing, [p(0, 2)]);
    expect(existing).toEqual([p(0, 1)]);
  });

  it("drops points whose time did not parse", () => {
    expect(mergePoints([], [p(Number.NaN, 1), p(0, 2)])).toEqual([p(0, 2)]);
  });
});

describe("mergeSeries", () => {
  it("merges each metric of an update by time and keeps the others as they were", () => {
    const vus = [p(Date.parse("2025-11-28T09:30:00.000Z"), 5)];
    const current = { vus, http_reqs: [] };
    const next = mergeSeries(current, [
      {
        metric: "http_reqs",
        points: [{ time: "2025-11-28T09:30:00.000Z", value: 40 }],
      },
    ]);
    expect(next.vus).toBe(vus);
    expect(next.http_reqs).toEqual([p(Date.parse("2025-11-28T09:30:00.000Z"), 40)]);
    expect(mergeSeries(next, [])).toBe(next);
  });
});

describe("firstPointAt", () => {
  it("is the earliest first bucket of any metric", () => {
    expect(firstPointAt({ vus: [p(3000, 1)], http_reqs: [p(2000, 4), p(3000, 5)], none: [] })).toBe(2000);
    expect(firstPointAt({})).toBeUndefined();
  });
});
