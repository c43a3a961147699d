import { describe, expect, it } from "vitest";
import { ExecutionSegmentError } from "./errors.js";
import { parseSegment } from "./segment.js";
import { ExecutionSegmentSequence, parseSegmentSequence } from "./sequence.js";
import { stripe } from "./striping.js";

/** The owned positions of `segment` within the filled `sequence`. */
function ownedPositions(sequence: string, segment: string): { lcd: number; owned: readonly number[] } {
  const parsed = parseSegment(segment);
  const filled = ExecutionSegmentSequence.filled(parseSegmentSequence(sequence), parsed);
  const striping = stripe(filled);
  return { lcd: striping.lcd, owned: striping.owned[filled.indexOf(parsed)] ?? [] };
}

describe("stripe", () => {
  // k6's TestGetStripedOffsets, with its (start, offsets) turned into the owned positions.
  it.each([
    ["0,0.3,0.5,0.6,0.7,0.8,0.9,1", "0:0.3", 10, [0, 4, 7]],
    ["0,0.3,0.5,0.6,0.7,0.8,0.9,1", "0.3:0.5", 10, [1, 5]],
    ["0,0.3,0.5,0.6,0.7,0.8,0.9,1", "0.5:0.6", 10, [2]],
    ["0,0.3,0.5,0.6,0.7,0.8,0.9,1", "0.6:0.7", 10, [3]],
    ["0,0.3,0.5,0.6,0.7,0.8,0.9,1", "0.8:0.9", 10, [8]],
    ["0,0.3,0.5,0.6,0.7,0.8,0.9,1", "0.9:1", 10, [9]],
    ["0,0.2,0.5,0.6,0.7,0.8,0.9,1", "0.9:1", 10, [9]],
    ["0,0.2,0.5,0.6,0.7,0.8,0.9,1", "0:0.2", 10, [1, 5]],
    ["0,0.2,0.5,0.6,0.7,0.8,0.9,1", "0.6:0.7", 10, [3]],
    ["0,0.2,0.5", "0:0.2", 10, [3, 9]],
    ["0,0.2,0.5", "0.2:0.5", 10, [1, 5, 7]],
    ["0,2/5,4/5", "0:2/5", 5, [0, 3]],
    ["0,2/5,4/5", "2/5:4/5", 5, [1, 4]],
    ["", "0:0.2", 5, [1]],
    ["", "0:1/5", 5, [1]],
    ["", "0:2/10", 5, [1]],
    ["", "0:0.4", 5, [1, 3]],
    ["", "2/5:4/5", 5, [1, 4]],
    ["", "1/10:5/10", 10, [1, 3, 5, 9]],
  ])("in %j, %s owns the same positions as in k6", (sequence, segment, lcd, owned) => {
    expect(ownedPositions(sequence, segment)).toEqual({ lcd, owned });
  });

  it.each([
    ["0,0.1,0.5,0.6,0.7,0.8,0.9,1", 10],
    ["0,1/3,5/6", 6],
    ["0,1/3,4/7", 21],
  ])("finds k6's lowest common denominator for %s", (sequence, lcd) => {
    expect(ownedPositions(sequence, sequence.split(",").slice(0, 2).join(":")).lcd).toBe(lcd);
  });

  it("gives every position of a block to exactly one segment", () => {
    const { owned, lcd } = stripe(
      ExecutionSegmentSequence.filled(parseSegmentSequence("0,1/7,1/3,3/5,1"), parseSegment("0:1/7")),
    );
    expect(owned.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: lcd }, (_, index) => index));
  });

  it("refuses sequences whose block would be too large to hold", () => {
    expect(() =>
      stripe(
        ExecutionSegmentSequence.filled(parseSegmentSequence("0,1/1009,2/1013,1"), parseSegment("0:1/1009")),
      ),
    ).toThrow(ExecutionSegmentError);
  });
});
