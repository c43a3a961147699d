import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lognormalSamples } from "../vectors/lognormal.mjs";
import { decodeHistogram } from "./decode.js";
import { HdrDecodeError } from "./decode-error.js";
import { encodeHistogram } from "./encode.js";
import { Histogram } from "./histogram.js";

function histogramOf(values: readonly number[]): Histogram {
  const h = new Histogram();
  for (const v of values) h.record(v);
  return h;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const unhex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "hex"));

/** Decodes, returning the error message instead of throwing, and failing the test on any non-HdrDecodeError. */
function decodeOutcome(bytes: Uint8Array): Histogram | string {
  try {
    return decodeHistogram(bytes);
  } catch (error) {
    if (error instanceof HdrDecodeError) return error.message;
    throw new Error(`decoding ${hex(bytes)} threw something other than HdrDecodeError`, { cause: error });
  }
}

const anyValues = fc.array(
  fc.oneof(
    fc.integer({ min: 0, max: 600 }),
    fc.integer({ min: 0, max: 2 ** 40 }),
    fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  ),
  { maxLength: 200 },
);

describe("encodeHistogram", () => {
  it("writes the hand-computed bytes of small histograms", () => {
    expect(hex(encodeHistogram(new Histogram()))).toBe("010000000000");
    expect(hex(encodeHistogram(histogramOf([5])))).toBe("010105050501050101");
    // runs [3, 4] with counts 2, 1 and [10] with count 1: the second gap is 10 - (3 + 2) = 5
    expect(hex(encodeHistogram(histogramOf([3, 10, 3, 4])))).toBe("010414030a0203020201050101");
    // 300 = 0xac 0x02; index(300) = 278 = 0x96 0x02
    expect(hex(encodeHistogram(histogramOf([300])))).toBe("0101ac02ac02ac020196020101");
  });

  it("is canonical: the same values in any order, or merged from parts, give the same bytes", () => {
    const values = lognormalSamples(500, 20_000, 1, 7);
    const merged = histogramOf(values.slice(0, 200));
    merged.merge(histogramOf(values.slice(200)));
    const reversed = histogramOf([...values].reverse());
    expect(hex(encodeHistogram(merged))).toBe(hex(encodeHistogram(histogramOf(values))));
    expect(hex(encodeHistogram(reversed))).toBe(hex(encodeHistogram(histogramOf(values))));
  });

  it("refuses a histogram whose sum is no longer exact", () => {
    const h = histogramOf([Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]);
    expect(() => encodeHistogram(h)).toThrow(/sum .* is not an exact integer below 2\^53/);
  });
});

describe("decodeHistogram", () => {
  it("round-trips random histograms to identical statistics, buckets and bytes", () => {
    fc.assert(
      fc.property(anyValues, (values) => {
        const h = histogramOf(values.slice(0, 1));
        for (const v of values.slice(1)) if (h.sum + v <= Number.MAX_SAFE_INTEGER) h.record(v);
        const bytes = encodeHistogram(h);
        const back = decodeHistogram(bytes);
        expect([back.count, back.sum, back.min, back.max]).toEqual([h.count, h.sum, h.min, h.max]);
        expect(back.percentiles([0, 0.5, 0.99, 1])).toEqual(h.percentiles([0, 0.5, 0.99, 1]));
        expect(hex(encodeHistogram(back))).toBe(hex(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it("gives a decoded histogram that records, merges and resets like any other", () => {
    const back = decodeHistogram(encodeHistogram(histogramOf([1000, 5000])));
    back.record(10);
    back.merge(histogramOf([1_000_000]));
    expect([back.count, back.min, back.max]).toEqual([4, 10, 1_000_000]);
    back.reset();
    back.record(7);
    expect(hex(encodeHistogram(back))).toBe(hex(encodeHistogram(histogramOf([7]))));
  });

  it("rejects values a JavaScript number cannot hold exactly, which the u64 C core accepts", () => {
    // count = 2^63: a valid u64 varint, one past the exact range of float64
    expect(decodeOutcome(unhex("0180808080808080808001"))).toMatch(
      /count exceeds the exact range of a JavaScript number \(2\^53 - 1\)/,
    );
    // sum = 2^53 exactly
    expect(decodeOutcome(unhex("010180808080808080100000"))).toMatch(/sum exceeds the exact range/);
  });

  it("names the run or bucket whose varint is cut off", () => {
    // 01 version, 03 count, 03 sum, 01 min, 01 max, 01 run: gap 01, length 01, count 03 of bucket 1.
    const bytes = encodeHistogram(histogramOf([1, 1, 1]));
    expect(hex(bytes)).toBe("010303010101010103");
    expect(decodeOutcome(bytes.subarray(0, bytes.length - 1))).toMatch(
      /at byte 8: truncated input: the varint of the count of bucket 1 runs past the end$/,
    );
    expect(decodeOutcome(bytes.subarray(0, bytes.length - 2))).toMatch(/the varint of the length of run 0 /);
  });

  it("decodes correctly after an input that failed midway through a run", () => {
    // One run over buckets 1 to 3 (values 1, 2, 3), cut off before the count of bucket 3.
    const failed = encodeHistogram(histogramOf([1, 2, 3]));
    expect(decodeOutcome(failed.subarray(0, failed.length - 1))).toMatch(/truncated/);
    // Buckets 1 and 3: bucket 2, written by the failed decode, lies in the gap between the runs.
    const good = encodeHistogram(histogramOf([1, 3]));
    expect(hex(encodeHistogram(decodeHistogram(good)))).toBe(hex(good));
  });

  it("fails only with HdrDecodeError on every truncation and every single-byte corruption", () => {
    const h = histogramOf([...lognormalSamples(300, 20_000, 1, 3), 0, 255, 256, 2 ** 40]);
    const bytes = encodeHistogram(h);
    for (let end = 0; end < bytes.length; end++) {
      expect(decodeOutcome(bytes.subarray(0, end))).toEqual(expect.stringContaining("truncated"));
    }
    for (let at = 0; at < bytes.length; at++) {
      for (const flip of [0x01, 0x80, 0xff]) {
        const corrupt = bytes.slice();
        corrupt[at] = (corrupt[at] as number) ^ flip;
        const outcome = decodeOutcome(corrupt);
        if (typeof outcome !== "string") expect(hex(encodeHistogram(outcome))).toBe(hex(corrupt));
      }
    }
  });

  it("fails only with HdrDecodeError on arbitrary bytes, and whatever decodes re-encodes identically", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (tail) => {
        const bytes = new Uint8Array([1, ...tail]);
        const outcome = decodeOutcome(bytes);
        if (typeof outcome !== "string") expect(hex(encodeHistogram(outcome))).toBe(hex(bytes));
      }),
      { numRuns: 3000 },
    );
  });
});
