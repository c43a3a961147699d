import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bucketBounds, bucketIndex } from "./buckets.js";
import { decodeHistogram } from "./decode.js";
import { HdrDecodeError } from "./decode-error.js";
import { encodeHistogram } from "./encode.js";
import { Histogram } from "./histogram.js";
import {
  DOC_INDEX_VECTORS,
  exactPercentile,
  referenceBounds,
  referenceIndex,
} from "./reference.test-helpers.js";

/** The shape of vectors/vectors.json, read by this suite and by the C core's. */
interface Vectors {
  index: [number, number][];
  index_u64: [string, number][];
  bounds: [number, number, number][];
  bounds_u64: [number, string, string][];
  histograms: {
    name: string;
    values: number[];
    count: number;
    sum: number;
    min: number;
    max: number;
    encoded_hex: string;
    percentiles: [number, number][];
    mean: number;
    stddev: number;
  }[];
  merges: { name: string; parts: number[][]; encoded_hex: string; percentiles: [number, number][] }[];
  invalid: { name: string; hex: string; error: string }[];
}

const vectors = JSON.parse(
  readFileSync(new URL("../vectors/vectors.json", import.meta.url), "utf8"),
) as Vectors;

const QUANTILES = [0, 0.5, 0.9, 0.95, 0.99, 0.999, 1];
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const unhex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "hex"));

function histogramOf(values: readonly number[]): Histogram {
  const h = new Histogram();
  for (const v of values) h.record(v);
  return h;
}

/** The percentile must lie in the bucket of the exact answer: a check that does not use the implementation. */
function expectWithinExactBucket(values: readonly number[], percentiles: [number, number][]): void {
  const sorted = [...values].sort((a, b) => a - b);
  for (const [q, value] of percentiles) {
    const { lower, upper } = bucketBounds(referenceIndex(BigInt(exactPercentile(sorted, q))));
    expect(value).toBeGreaterThanOrEqual(Math.max(lower, sorted[0] as number));
    expect(value).toBeLessThanOrEqual(Math.min(upper - 1, sorted[sorted.length - 1] as number));
  }
}

describe("vectors/vectors.json", () => {
  it("holds every vector of docs/reference/hdr-buckets.md", () => {
    for (const doc of DOC_INDEX_VECTORS) expect(vectors.index).toContainEqual([...doc]);
  });

  it("index and bounds agree with the BigInt reference and with this twin", () => {
    for (const [value, index] of vectors.index) {
      expect([value, referenceIndex(BigInt(value)), bucketIndex(value)]).toEqual([value, index, index]);
    }
    for (const [value, index] of vectors.index_u64)
      expect([value, referenceIndex(BigInt(value))]).toEqual([value, index]);
    for (const [index, lower, upper] of vectors.bounds) {
      const ref = referenceBounds(index);
      expect([index, BigInt(lower), BigInt(upper)]).toEqual([index, ref.lower, ref.upper]);
      expect(bucketBounds(index)).toEqual({ lower, upper });
    }
    for (const [index, lower, upper] of vectors.bounds_u64) {
      const ref = referenceBounds(index);
      expect([index, lower, upper]).toEqual([index, ref.lower.toString(), ref.upper.toString()]);
    }
  });

  it("covers the quantiles, cases and sizes the C core is tested on", () => {
    for (const v of [...vectors.histograms, ...vectors.merges])
      expect(v.percentiles.map(([q]) => q)).toEqual(QUANTILES);
    const all = vectors.histograms.flatMap((v) => v.values);
    expect(vectors.histograms.some((v) => v.count === 0)).toBe(true);
    expect(Math.max(...all)).toBeGreaterThanOrEqual(2 ** 40);
    expect(all.some((v) => v < 256) && all.some((v) => v >= 256)).toBe(true);
    expect(vectors.invalid.length).toBeGreaterThanOrEqual(20);
  });

  it.each(vectors.histograms.map((v) => [v.name, v] as const))("histogram %s", (_, v) => {
    const h = histogramOf(v.values);
    expect([h.count, h.sum, h.min, h.max]).toEqual([v.count, v.sum, v.min, v.max]);
    expect(hex(encodeHistogram(h))).toBe(v.encoded_hex);
    expect(h.percentiles(QUANTILES)).toEqual(v.percentiles.map(([, p]) => p));
    expect(h.mean()).toBe(v.mean);
    expect(h.stddev()).toBeCloseTo(v.stddev, 6);
    const back = decodeHistogram(unhex(v.encoded_hex));
    expect([back.count, back.sum, back.min, back.max]).toEqual([v.count, v.sum, v.min, v.max]);
    expect(back.percentiles(QUANTILES)).toEqual(v.percentiles.map(([, p]) => p));
    if (v.count > 0) {
      expect(v.sum).toBe(v.values.reduce((a, b) => a + b, 0));
      expectWithinExactBucket(v.values, v.percentiles);
    }
  });

  it.each(vectors.merges.map((v) => [v.name, v] as const))("merge %s", (_, v) => {
    const merged = new Histogram();
    for (const part of v.parts) merged.merge(histogramOf(part));
    expect(hex(encodeHistogram(merged))).toBe(v.encoded_hex);
    expect(hex(encodeHistogram(histogramOf(v.parts.flat())))).toBe(v.encoded_hex);
    expect(merged.percentiles(QUANTILES)).toEqual(v.percentiles.map(([, p]) => p));
    expectWithinExactBucket(v.parts.flat(), v.percentiles);
  });

  it.each(vectors.invalid.map((v) => [v.name, v] as const))("invalid %s", (_, v) => {
    let thrown: unknown;
    try {
      decodeHistogram(unhex(v.hex));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HdrDecodeError);
    expect((thrown as Error).message).toContain(v.error);
  });
});
