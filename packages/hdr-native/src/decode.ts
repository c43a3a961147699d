import { bucketIndex, MAX_INDEX } from "./buckets.js";
import { HdrDecodeError } from "./decode-error.js";
import { ENCODING_VERSION } from "./encode.js";
import { type Histogram, restoreHistogram } from "./histogram.js";
import { VarintReader } from "./varint.js";

/**
 * Decodes the shared version-1 binary format written by {@link encodeHistogram} or the C core,
 * validating every field; never reads past the input.
 *
 * @throws HdrDecodeError naming the broken rule and its byte offset: unknown version, truncated input,
 *   overlong or oversized varint, trailing bytes, zero gap, run length or bucket count, an index above
 *   7423, bucket counts that do not add up to count, an empty histogram with sum, min, max or runs, min
 *   above max, min or max outside the first or last non-empty bucket, or a value above 2^53 - 1.
 */
export function decodeHistogram(bytes: Uint8Array): Histogram {
  if (bytes.length === 0) throw new HdrDecodeError("truncated input: no bytes, expected a version byte", 0);
  if (bytes[0] !== ENCODING_VERSION) {
    throw new HdrDecodeError(`unknown version ${bytes[0]}, only version ${ENCODING_VERSION} is known`, 0);
  }
  const reader = new VarintReader(bytes, 1);
  const stats = {
    count: reader.read("count"),
    sum: reader.read("sum"),
    min: reader.read("min"),
    max: reader.read("max"),
  };
  const runsAt = reader.pos;
  const runs = reader.read("the number of runs");
  if (stats.count === 0) {
    if (runs !== 0 || stats.sum !== 0 || stats.min !== 0 || stats.max !== 0) {
      throw new HdrDecodeError(
        `empty histogram with nonzero sum, min, max or runs (sum ${stats.sum}, min ${stats.min}, max ${stats.max}, ${runs} runs); all must be 0 when count is 0`,
        1,
      );
    }
    expectEnd(reader);
    return restoreHistogram(stats, 0, new Float64Array(0));
  }
  if (stats.min > stats.max) {
    throw new HdrDecodeError(`min above max (min ${stats.min}, max ${stats.max})`, 1);
  }
  if (runs === 0) {
    throw new HdrDecodeError(
      `bucket counts do not add up to count: no runs but count ${stats.count}`,
      runsAt,
    );
  }
  const { firstIndex, counts } = readRuns(reader, runs, stats.count);
  expectEnd(reader);
  const lastIndex = firstIndex + counts.length - 1;
  if (bucketIndex(stats.min) !== firstIndex) {
    throw new HdrDecodeError(`min outside first bucket: min ${stats.min} is not in bucket ${firstIndex}`, 1);
  }
  if (bucketIndex(stats.max) !== lastIndex) {
    throw new HdrDecodeError(`max outside last bucket: max ${stats.max} is not in bucket ${lastIndex}`, 1);
  }
  return restoreHistogram(stats, firstIndex, counts);
}

// Decoding is synchronous, so one zeroed array indexed by bucket serves every call: counts land at
// their index as they are read, and only the used range is copied out and zeroed again.
const scratch = new Float64Array(MAX_INDEX + 1);

/** Reads `runs` runs and returns the counts from the first to the last non-empty index. */
function readRuns(
  reader: VarintReader,
  runs: number,
  count: number,
): { firstIndex: number; counts: Float64Array } {
  let firstIndex = -1;
  let total = 0;
  let next = 0;
  // One past the highest index written, which a failure mid-run leaves beyond `next`.
  let written = 0;
  try {
    for (let r = 0; r < runs; r++) {
      const gapAt = reader.pos;
      const gap = reader.read("the gap of run", r);
      if (r > 0 && gap === 0) {
        throw new HdrDecodeError(
          `zero gap before run ${r}: runs must be maximal, so later gaps are ≥ 1`,
          gapAt,
        );
      }
      const lengthAt = reader.pos;
      const length = reader.read("the length of run", r);
      if (length === 0) throw new HdrDecodeError(`zero run length in run ${r}; lengths are ≥ 1`, lengthAt);
      const start = next + gap;
      if (start + length - 1 > MAX_INDEX) {
        throw new HdrDecodeError(
          `index above ${MAX_INDEX}: run ${r} covers indexes ${start} to ${start + length - 1}`,
          gapAt,
        );
      }
      if (r === 0) firstIndex = start;
      for (let k = 0; k < length; k++) {
        const countAt = reader.pos;
        const value = reader.read("the count of bucket", start + k);
        if (value === 0) {
          throw new HdrDecodeError(
            `zero bucket count at index ${start + k}; empty buckets lie between runs`,
            countAt,
          );
        }
        total += value;
        scratch[start + k] = value;
        written = start + k + 1;
      }
      next = start + length;
    }
    if (total !== count) {
      throw new HdrDecodeError(
        `bucket counts do not add up to count: they add up to ${total}, count is ${count}`,
        1,
      );
    }
    return { firstIndex, counts: scratch.slice(firstIndex, next) };
  } finally {
    if (firstIndex >= 0) scratch.fill(0, firstIndex, written);
  }
}

function expectEnd(reader: VarintReader): void {
  if (!reader.atEnd()) {
    throw new HdrDecodeError(
      "trailing bytes after the last bucket count; the encoding must end there",
      reader.pos,
    );
  }
}
