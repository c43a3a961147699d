import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lognormalSamples } from "../vectors/lognormal.mjs";
import { bucketBounds, bucketIndex } from "./buckets.js";
import { Histogram } from "./histogram.js";
import { exactPercentile } from "./reference.test-helpers.js";

const QS = [0, 0.001, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1];

function histogramOf(values: readonly number[]): Histogram {
  const h = new Histogram();
  for (const v of values) h.record(v);
  return h;
}

function bucketsOf(h: Histogram): [number, number][] {
  const out: [number, number][] = [];
  h.forEachBucket((index, count) => out.push([index, count]));
  return out;
}

/** Values of any magnitude, weighted towards the small ones where buckets are exact. */
const anyValue = fc.oneof(
  fc.integer({ min: 0, max: 300 }),
  fc.integer({ min: 0, max: 2 ** 31 }),
  fc.integer({ min: 0, max: 2 ** 40 }),
);

describe("Histogram", () => {
  it("starts empty with zero statistics", () => {
    const h = new Histogram();
    expect(h.isEmpty()).toBe(true);
    expect([h.count, h.sum, h.min, h.max, h.mean(), h.stddev(), h.percentile(0.5)]).toEqual([
      0, 0, 0, 0, 0, 0, 0,
    ]);
    expect(bucketsOf(h)).toEqual([]);
  });

  it("keeps exact count, sum, min and max and one bucket per distinct value below 256", () => {
    const h = histogramOf([7, 3, 200, 3, 0]);
    expect([h.count, h.sum, h.min, h.max]).toEqual([5, 213, 0, 200]);
    expect(bucketsOf(h)).toEqual([
      [0, 1],
      [3, 2],
      [7, 1],
      [200, 1],
    ]);
    expect(h.mean()).toBeCloseTo(42.6, 12);
  });

  it("recordMany equals recording the value that many times, and 0 times is a no-op", () => {
    const a = new Histogram();
    a.recordMany(1029, 3);
    a.recordMany(5, 0);
    expect(bucketsOf(a)).toEqual(bucketsOf(histogramOf([1029, 1029, 1029])));
    expect([a.count, a.sum, a.min, a.max]).toEqual([3, 3087, 1029, 1029]);
    expect(() => a.recordMany(5, -1)).toThrow(/record count must be an integer/);
    expect(() => a.recordMany(5, 1.5)).toThrow(/record count must be an integer/);
  });

  it("rejects invalid values without changing anything", () => {
    const h = histogramOf([10]);
    for (const bad of [-1, 2.5, Number.NaN, 2 ** 53]) expect(() => h.record(bad)).toThrow(RangeError);
    expect([h.count, h.sum, h.min, h.max]).toEqual([1, 10, 10, 10]);
  });

  it("keeps every count when the window grows down, up and across the whole range", () => {
    const values = [100_000, 99_000, 50, 400_000, 2 ** 40, 0, Number.MAX_SAFE_INTEGER, 100_001, 3];
    const h = histogramOf(values);
    const expected = new Map<number, number>();
    for (const v of values) expected.set(bucketIndex(v), (expected.get(bucketIndex(v)) ?? 0) + 1);
    expect(bucketsOf(h)).toEqual([...expected].sort((a, b) => a[0] - b[0]));
  });

  it("counts every value in its bucket whatever order the window has to grow in", () => {
    fc.assert(
      fc.property(fc.array(anyValue, { maxLength: 100 }), (values) => {
        const model = new Map<number, number>();
        for (const v of values) model.set(bucketIndex(v), (model.get(bucketIndex(v)) ?? 0) + 1);
        expect(bucketsOf(histogramOf(values))).toEqual([...model].sort((a, b) => a[0] - b[0]));
      }),
      { numRuns: 300 },
    );
  });

  it("reports each percentile within its bucket's width of the exact sorted-array answer", () => {
    fc.assert(
      fc.property(fc.array(anyValue, { minLength: 1, maxLength: 300 }), (values) => {
        const h = histogramOf(values);
        const sorted = [...values].sort((a, b) => a - b);
        const got = h.percentiles(QS);
        QS.forEach((q, k) => {
          const exact = exactPercentile(sorted, q);
          const { lower, upper } = bucketBounds(bucketIndex(exact));
          expect(got[k]).toBeGreaterThanOrEqual(Math.max(lower, h.min));
          expect(got[k]).toBeLessThanOrEqual(Math.min(upper - 1, h.max));
          expect(Math.abs((got[k] as number) - exact)).toBeLessThanOrEqual(exact / 128);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("reports max at q = 1, min's bucket at q = 0, and exact values below 256", () => {
    const h = histogramOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(h.percentiles([0, 0.1, 0.5, 0.9, 0.95, 1])).toEqual([1, 1, 5, 9, 10, 10]);
    const wide = histogramOf([1000, 1001, 123_456_789]);
    expect(wide.percentile(1)).toBe(123_456_789);
    expect(wide.percentile(0)).toBe(1001.5); // bucket [1000, 1004): midpoint 1001.5, above min
  });

  it("answers percentiles in the order asked, in one call as one by one", () => {
    const h = histogramOf(lognormalSamples(2000, 20_000, 0.8, 1));
    const qs = [0.99, 0.5, 1, 0, 0.9, 0.5];
    expect(h.percentiles(qs)).toEqual(qs.map((q) => h.percentile(q)));
    expect(() => h.percentile(1.01)).toThrow(/quantile must be a number in \[0, 1\], got 1.01/);
    expect(() => h.percentiles([0.5, Number.NaN])).toThrow(RangeError);
  });

  it("computes the population stddev of bucket midpoints, 0 below two values", () => {
    expect(histogramOf([42]).stddev()).toBe(0);
    expect(histogramOf([2, 4, 4, 4, 5, 5, 7, 9]).stddev()).toBe(2);
    // 256 and 258 sit in buckets [256, 258) and [258, 260): midpoints 256.5 and 258.5.
    expect(histogramOf([256, 258]).stddev()).toBe(1);
  });

  it("merges independently of order and grouping", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(anyValue, { maxLength: 40 }), { minLength: 1, maxLength: 5 }),
        (parts) => {
          const forward = new Histogram();
          for (const part of parts) forward.merge(histogramOf(part));
          const backward = new Histogram();
          for (const part of [...parts].reverse()) backward.merge(histogramOf(part));
          const direct = histogramOf(parts.flat());
          for (const h of [forward, backward]) {
            expect([h.count, h.sum, h.min, h.max]).toEqual([
              direct.count,
              direct.sum,
              direct.min,
              direct.max,
            ]);
            expect(bucketsOf(h)).toEqual(bucketsOf(direct));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("merges with itself by doubling and ignores empty histograms", () => {
    const h = histogramOf([5, 300, 70_000]);
    h.merge(h);
    h.merge(new Histogram());
    expect([h.count, h.sum, h.min, h.max]).toEqual([6, 140_610, 5, 70_000]);
    expect(bucketsOf(h).map(([, c]) => c)).toEqual([2, 2, 2]);
    const empty = new Histogram();
    empty.merge(histogramOf([9]));
    expect([empty.count, empty.min, empty.max]).toEqual([1, 9, 9]);
  });

  it("reset empties the histogram and it records correctly afterwards, anywhere in the range", () => {
    const h = histogramOf([1000, 2000, 3000]);
    h.reset();
    expect([h.isEmpty(), h.count, h.sum, h.min, h.max]).toEqual([true, 0, 0, 0, 0]);
    expect(bucketsOf(h)).toEqual([]);
    h.record(2 ** 45);
    h.record(1500);
    expect(bucketsOf(h)).toEqual([
      [bucketIndex(1500), 1],
      [bucketIndex(2 ** 45), 1],
    ]);
  });

  it("clone is independent of the original", () => {
    const h = histogramOf([10, 20, 30_000]);
    const copy = h.clone();
    h.record(5);
    copy.record(1_000_000);
    expect(bucketsOf(h).map(([i]) => i)).toEqual([5, 10, 20, bucketIndex(30_000)]);
    expect(bucketsOf(copy).map(([i]) => i)).toEqual([10, 20, bucketIndex(30_000), bucketIndex(1_000_000)]);
    expect(new Histogram().clone().isEmpty()).toBe(true);
  });
});
