import type { Histogram } from "./histogram.js";
import { varintSize, writeVarint } from "./varint.js";

/** First byte of every encoding this module writes. */
export const ENCODING_VERSION = 1;

/**
 * Encodes a histogram in the shared version-1 binary format (see the package README): a version byte,
 * then count, sum, min, max and the runs of consecutive non-empty buckets as LEB128 varints. Canonical:
 * equal histograms give equal bytes, and the C core writes the same bytes.
 *
 * @throws RangeError when count or sum has passed 2^53 - 1 and so is no longer exact.
 * @example decodeHistogram(encodeHistogram(h)) // equal to h
 */
export function encodeHistogram(h: Histogram): Uint8Array {
  for (const [field, value] of [
    ["count", h.count],
    ["sum", h.sum],
  ] as const) {
    if (!Number.isSafeInteger(value)) {
      throw new RangeError(
        `cannot encode HDR histogram: ${field} ${value} is not an exact integer below 2^53`,
      );
    }
  }
  // First pass: the runs and the exact size, so the output is allocated once.
  const starts: number[] = [];
  const lengths: number[] = [];
  let size = 1 + varintSize(h.count) + varintSize(h.sum) + varintSize(h.min) + varintSize(h.max);
  let runEnd = -1;
  h.forEachBucket((index, count) => {
    if (index === runEnd) {
      (lengths[lengths.length - 1] as number) += 1;
    } else {
      starts.push(index);
      lengths.push(1);
    }
    runEnd = index + 1;
    size += varintSize(count);
  });
  size += varintSize(starts.length);
  let previousEnd = 0;
  for (let r = 0; r < starts.length; r++) {
    const start = starts[r] as number;
    size += varintSize(start - previousEnd) + varintSize(lengths[r] as number);
    previousEnd = start + (lengths[r] as number);
  }

  const out = new Uint8Array(size);
  out[0] = ENCODING_VERSION;
  let pos = 1;
  for (const value of [h.count, h.sum, h.min, h.max, starts.length]) pos = writeVarint(out, pos, value);
  let run = 0;
  previousEnd = 0;
  h.forEachBucket((index, count) => {
    if (index === starts[run]) {
      const length = lengths[run] as number;
      pos = writeVarint(out, pos, index - previousEnd);
      pos = writeVarint(out, pos, length);
      previousEnd = index + length;
      run++;
    }
    pos = writeVarint(out, pos, count);
  });
  return out;
}
