import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ExecutionSegmentError } from "./errors.js";
import { instancesOf } from "./instances.test-helpers.js";
import { Rational } from "./rational.js";
import { ExecutionSegment } from "./segment.js";
import { ExecutionSegmentSequence } from "./sequence.js";
import { ExecutionTuple } from "./tuple.js";

/** A full sequence of 1..8 segments with random integer weights, like k6's generateRandomSequence. */
const arbitrarySequence = fc
  .array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 8 })
  .map((weights) => {
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    let before = 0;
    const segments = weights.map((weight) => {
      const segment = new ExecutionSegment(
        Rational.of(BigInt(before), BigInt(total)),
        Rational.of(BigInt(before + weight), BigInt(total)),
      );
      before += weight;
      return segment;
    });
    return new ExecutionSegmentSequence(segments);
  });

const tuplesOf = (sequence: ExecutionSegmentSequence): ExecutionTuple[] =>
  sequence.segments.map((segment) => ExecutionTuple.of(segment, sequence));

describe("ExecutionTuple.scale", () => {
  it("splits thirds of 10 into 4, 3, 3 and of 11 into 4, 4, 3", () => {
    const thirds = instancesOf("0,1/3,2/3,1");
    expect(thirds.map((tuple) => tuple.scale(10))).toEqual([4, 3, 3]);
    expect(thirds.map((tuple) => tuple.scale(11))).toEqual([4, 4, 3]);
  });

  it("splits 3 between a half and two quarters as 2, 1, 0", () => {
    expect(instancesOf("0,1/2,3/4,1").map((tuple) => tuple.scale(3))).toEqual([2, 1, 0]);
  });

  it("matches k6's documented table for 1/2, 1/4, 1/4", () => {
    const [half, second, third] = instancesOf("0,1/2,3/4,1");
    const counts = Array.from({ length: 12 }, (_, index) => index + 1);
    expect(counts.map((count) => half?.scale(count))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]);
    expect(counts.map((count) => second?.scale(count))).toEqual([0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3]);
    expect(counts.map((count) => third?.scale(count))).toEqual([0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3]);
  });

  it("returns the count itself for the whole test", () => {
    const whole = ExecutionTuple.create();
    expect([0, 1, 50, 123_456_789].map((count) => whole.scale(count))).toEqual([0, 1, 50, 123_456_789]);
    expect(whole.isWholeTest).toBe(true);
    expect(whole.toString()).toBe("0:1 in 0,1");
  });

  it("refuses negative and fractional counts", () => {
    expect(() => ExecutionTuple.create().scale(-1)).toThrow(RangeError);
    expect(() => ExecutionTuple.create().scale(1.5)).toThrow(RangeError);
  });

  it("adds up to the count over all segments and never shrinks as the count grows", () => {
    fc.assert(
      fc.property(arbitrarySequence, (sequence) => {
        const tuples = tuplesOf(sequence);
        const previous = tuples.map(() => 0);
        for (let count = 0; count <= 2000; count++) {
          let total = 0;
          for (const [index, tuple] of tuples.entries()) {
            const share = tuple.scale(count);
            if (share < (previous[index] ?? 0)) return false;
            previous[index] = share;
            total += share;
          }
          if (total !== count) return false;
        }
        return true;
      }),
      { numRuns: 60 },
    );
  });
});

describe("ExecutionTuple index ownership", () => {
  it("interleaves 1/2, 1/4, 1/4 as in k6's documentation", () => {
    const owned = instancesOf("0,1/2,3/4,1").map((tuple) =>
      Array.from({ length: 12 }, (_, index) => index).filter((index) => tuple.ownsIndex(index)),
    );
    expect(owned).toEqual([
      [0, 2, 4, 6, 8, 10],
      [1, 5, 9],
      [3, 7, 11],
    ]);
  });

  it("gives every global index to exactly one instance, and walks them in order", () => {
    fc.assert(
      fc.property(arbitrarySequence, fc.nat(5000), (sequence, start) => {
        const tuples = tuplesOf(sequence);
        for (let index = start; index < start + 200; index++) {
          if (tuples.filter((tuple) => tuple.ownsIndex(index)).length !== 1) return false;
        }
        return tuples.every((tuple) => {
          const next = tuple.nextOwnedIndex(start);
          const skipped = Array.from({ length: next - start }, (_, offset) => start + offset);
          return (
            tuple.ownsIndex(next) &&
            skipped.every((index) => !tuple.ownsIndex(index)) &&
            tuple.globalIndexOf(tuple.scale(next)) === next
          );
        });
      }),
      { numRuns: 100 },
    );
  });
});

describe("ExecutionTuple.create", () => {
  it("builds the sequence around a lone segment", () => {
    const tuple = ExecutionTuple.create("1/3:2/3");
    expect(tuple.toString()).toBe("1/3:2/3 in 0,1/3,2/3,1");
    expect(tuple.segmentIndex).toBe(1);
    expect(tuple.sequenceLength).toBe(3);
  });

  it("names both when the segment is not in the sequence", () => {
    expect(() => ExecutionTuple.create("1/4:1/2", "0,1/3,2/3,1")).toThrow(ExecutionSegmentError);
    expect(() => ExecutionTuple.create(undefined, "0,1/2,1")).toThrow(
      /execution segment 0:1 is not in the execution segment sequence 0,1\/2,1/,
    );
  });
});

describe("ExecutionTuple.getNewExecutionTupleFromValue", () => {
  it("re-segments thirds by 20 as k6 does", () => {
    const tuple = ExecutionTuple.create("0:1/3", "0,1/3,2/3,1").getNewExecutionTupleFromValue(20);
    expect(tuple.sequence.toString()).toBe("0,7/20,7/10,1");
    expect(tuple.segment.toString()).toBe("0:7/20");
  });

  // k6's TestNewExecutionTuple: scale(value) and, after re-segmenting by a value, scale(50) and scale(1).
  it.each([
    [
      "0:1/3",
      { 50: 17, 3: 1, 2: 1, 1: 1, 0: 0 },
      { 50: [17, 1], 20: [18, 1], 3: [17, 1], 2: [25, 1], 1: [50, 1] },
    ],
    ["1/3:2/3", { 50: 17, 3: 1, 2: 1, 1: 0, 0: 0 }, { 50: [17, 0], 20: [17, 0], 3: [17, 0], 2: [25, 0] }],
    ["2/3:1", { 50: 16, 3: 1, 2: 0, 1: 0, 0: 0 }, { 50: [16, 0], 20: [15, 0], 3: [16, 0] }],
  ])("matches k6 for %s of thirds", (segment, scales, resegmented) => {
    const tuple = ExecutionTuple.create(segment, "0,1/3,2/3,1");
    for (const [count, share] of Object.entries(scales)) expect(tuple.scale(Number(count))).toBe(share);
    for (const value of [0, 1, 2, 3, 20, 50]) {
      const expected = (resegmented as Record<number, number[]>)[value];
      if (expected === undefined) {
        expect(() => tuple.getNewExecutionTupleFromValue(value)).toThrow(ExecutionSegmentError);
        continue;
      }
      const next = tuple.getNewExecutionTupleFromValue(value);
      expect([next.scale(50), next.scale(1)]).toEqual(expected);
    }
  });

  it("keeps the same tuple when the value is a multiple of the block", () => {
    const tuple = ExecutionTuple.create("1/3:2/3", "0,1/3,2/3,1");
    expect(tuple.getNewExecutionTupleFromValue(9)).toBe(tuple);
  });

  it("explains why a segment with no share cannot be re-segmented", () => {
    expect(() => ExecutionTuple.create("2/3:1", "0,1/3,2/3,1").getNewExecutionTupleFromValue(2)).toThrow(
      "segment 2/3:1 gets none of 2 in sequence 0,1/3,2/3,1, so it has no share to re-segment",
    );
  });
});
