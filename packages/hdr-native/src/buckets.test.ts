import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bucketBounds, bucketIndex, bucketMidpoint, MAX_INDEX, MAX_SAFE_INDEX } from "./buckets.js";
import { DOC_INDEX_VECTORS, referenceBounds, referenceIndex } from "./reference.test-helpers.js";

describe("bucketIndex", () => {
  it("matches every vector of docs/reference/hdr-buckets.md", () => {
    for (const [value, index] of DOC_INDEX_VECTORS)
      expect([value, bucketIndex(value)]).toEqual([value, index]);
  });

  it("agrees with the BigInt reference at every power of two and its neighbours up to 2^53 - 1", () => {
    for (let p = 0; p <= 53; p++) {
      for (const delta of [-1, 0, 1]) {
        const value = 2 ** p + delta;
        if (value < 0 || value > Number.MAX_SAFE_INTEGER) continue;
        expect([value, bucketIndex(value)]).toEqual([value, referenceIndex(BigInt(value))]);
      }
    }
    expect(bucketIndex(Number.MAX_SAFE_INTEGER)).toBe(MAX_SAFE_INDEX);
    expect(referenceIndex(2n ** 64n - 1n)).toBe(MAX_INDEX);
  });

  it("agrees with the BigInt reference on random values of every magnitude", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 53 }), fc.double({ min: 0, max: 1, noNaN: true }), (bits, f) => {
        const value = Math.min(Number.MAX_SAFE_INTEGER, Math.floor(f * 2 ** bits));
        return bucketIndex(value) === referenceIndex(BigInt(value));
      }),
      { numRuns: 5000 },
    );
  });

  it("rejects values the scheme cannot hold exactly, saying what is allowed", () => {
    for (const bad of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, -(2 ** 40)]) {
      expect(() => bucketIndex(bad)).toThrow(/integer from 0 to 9007199254740991/);
    }
  });
});

describe("bucketBounds", () => {
  it("agrees with the BigInt reference for every index up to 7423", () => {
    for (let i = 0; i <= MAX_INDEX; i++) {
      const { lower, upper } = bucketBounds(i);
      const ref = referenceBounds(i);
      expect([i, BigInt(lower), BigInt(upper)]).toEqual([i, ref.lower, ref.upper]);
    }
  });

  it("is the inverse of bucketIndex: each bucket's lower and upper - 1 map back to it", () => {
    for (let i = 0; i <= MAX_SAFE_INDEX; i++) {
      const { lower, upper } = bucketBounds(i);
      expect(bucketIndex(lower)).toBe(i);
      if (upper - 1 <= Number.MAX_SAFE_INTEGER) expect(bucketIndex(upper - 1)).toBe(i);
      if (i > 0) expect(bucketBounds(i - 1).upper).toBe(lower);
    }
  });

  it("keeps every bucket within 1/128 of its lower bound", () => {
    for (let i = 256; i <= MAX_SAFE_INDEX; i++) {
      const { lower, upper } = bucketBounds(i);
      expect((upper - lower) / lower).toBeLessThanOrEqual(1 / 128);
    }
  });

  it("reports a width-1 bucket's value and the middle of wider ones", () => {
    expect(bucketMidpoint(200)).toBe(200);
    expect(bucketMidpoint(256)).toBe(256.5); // [256, 258)
    expect(bucketMidpoint(384)).toBe(513.5); // [512, 516)
  });

  it("rejects indexes outside 0..7423", () => {
    for (const bad of [-1, 7424, 1.5, Number.NaN]) expect(() => bucketBounds(bad)).toThrow(/0 to 7423/);
  });
});
