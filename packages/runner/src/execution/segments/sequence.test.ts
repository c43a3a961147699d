import { describe, expect, it } from "vitest";
import { ExecutionSegmentError } from "./errors.js";
import { parseSegment } from "./segment.js";
import { ExecutionSegmentSequence, parseSegmentSequence } from "./sequence.js";

describe("parseSegmentSequence (k6's TestExecutionSegmentStringSequences)", () => {
  it.each([["0.5"], ["1,1"], ["-0.5,1"], ["1/2,1/2"], ["1/2,1/3"], ["0,1,1/2"], ["0,x,1"]])(
    "refuses %j",
    (text) => {
      expect(() => parseSegmentSequence(text)).toThrow(ExecutionSegmentError);
    },
  );

  it.each([
    ["0.5,1", ["1/2:1"]],
    ["1/2,1", ["1/2:1"]],
    ["1/3,2/3", ["1/3:2/3"]],
    ["0,1/3,2/3", ["0:1/3", "1/3:2/3"]],
    ["0,1/3,2/3,1", ["0:1/3", "1/3:2/3", "2/3:1"]],
    ["0.5,0.7,1", ["1/2:7/10", "7/10:1"]],
    ["0,1/13,2/13,1/3,1/2,3/4,1", ["0:1/13", "1/13:2/13", "2/13:1/3", "1/3:1/2", "1/2:3/4", "3/4:1"]],
  ])("reads %j", (text, segments) => {
    expect(parseSegmentSequence(text)?.segments.map(String)).toEqual(segments);
  });

  it("treats the empty string as no sequence", () => {
    expect(parseSegmentSequence("")).toBeUndefined();
  });

  it("prints its points back", () => {
    expect(parseSegmentSequence("0,25%,0.5,1")?.toString()).toBe("0,1/4,1/2,1");
  });

  it("explains a sequence with too few points", () => {
    expect(() => parseSegmentSequence("0.5")).toThrow(/has 1 point; it needs at least 2, like 0,1\/2,1/);
  });
});

describe("ExecutionSegmentSequence", () => {
  it("refuses segments with a gap between them", () => {
    expect(() => new ExecutionSegmentSequence([parseSegment("0:1/3"), parseSegment("1/2:1")])).toThrow(
      /starts at 1\/2 but the previous one ends at 1\/3/,
    );
  });

  it("fills the gaps around a partial sequence", () => {
    const filled = ExecutionSegmentSequence.filled(parseSegmentSequence("1/4,1/2"), parseSegment("1/4:1/2"));
    expect(filled.toString()).toBe("0,1/4,1/2,1");
    expect(filled.isFull).toBe(true);
  });

  it("builds the sequence around a lone segment, and the whole test without one", () => {
    expect(ExecutionSegmentSequence.filled(undefined, parseSegment("1/3:2/3")).toString()).toBe(
      "0,1/3,2/3,1",
    );
    expect(ExecutionSegmentSequence.filled(undefined, parseSegment("0:1")).toString()).toBe("0,1");
  });

  it("names the segment and the sequence when the segment is not in it", () => {
    const sequence = parseSegmentSequence("0,1/3,2/3,1");
    expect(() => sequence?.indexOf(parseSegment("1/4:1/2"))).toThrow(
      "execution segment 1/4:1/2 is not in the execution segment sequence 0,1/3,2/3,1; use one of 0:1/3, 1/3:2/3, 2/3:1",
    );
    expect(sequence?.indexOf(parseSegment("2/3:1"))).toBe(2);
  });
});
