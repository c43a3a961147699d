/**
 * Writes vectors.json, the test vectors shared by the TypeScript twin and the C core.
 * Deterministic: run it again and the file does not change.
 *
 *   npm run build -w @barrage/hdr-native && node packages/hdr-native/vectors/generate.mjs
 *
 * The expected values come from the TypeScript twin; src/vectors.test.ts checks them against the
 * hand-written vectors of docs/reference/hdr-buckets.md, a BigInt reference and exact percentiles, and
 * the invalid encodings below are written by hand.
 */
import { writeFileSync } from "node:fs";
import { bucketBounds, bucketIndex, encodeHistogram, Histogram } from "../dist/index.js";
import { lognormalSamples } from "./lognormal.mjs";

const QUANTILES = [0, 0.5, 0.9, 0.95, 0.99, 0.999, 1];
/** The largest index whose bounds print exactly as JSON numbers (upper = 2^53). */
const LAST_NUMBER_INDEX = 6015;
const LAST_INDEX = 7423;

const DOC_VALUES = [0, 1, 255, 256, 257, 258, 511, 512, 1029, 100000, 2 ** 30, 2 ** 32 - 1];

function indexVectors() {
  const values = new Set(DOC_VALUES);
  for (let p = 0; p <= 53; p++) {
    for (const v of [2 ** p - 1, 2 ** p, 2 ** p + 1]) if (v <= Number.MAX_SAFE_INTEGER) values.add(v);
  }
  for (const v of [
    127,
    128,
    383,
    384,
    1000,
    1023,
    1024,
    20_000,
    999_999,
    2 ** 31 - 1,
    2 ** 31,
    2 ** 40 + 12345,
  ]) {
    values.add(v);
  }
  return [...values].sort((a, b) => a - b).map((v) => [v, bucketIndex(v)]);
}

/** Indexes above 6015 have bounds beyond 2^53, so they are written as decimal strings. */
function indexVectorsU64() {
  const out = [];
  for (const i of [6016, 6143, 6144, 7000, 7168, LAST_INDEX]) {
    const { lower, upper } = bucketBounds(i);
    out.push([BigInt(lower).toString(), i], [(BigInt(upper) - 1n).toString(), i]);
  }
  return out;
}

function boundsVectors() {
  const indexes = [0, 1, 127, 255, 256, 257, 383, 384, 511, 512, 1347, 3072, 3327, 3328, 4000, 5000, 6000];
  return [...indexes, LAST_NUMBER_INDEX].map((i) => {
    const { lower, upper } = bucketBounds(i);
    return [i, lower, upper];
  });
}

function boundsVectorsU64() {
  return [6016, 7000, LAST_INDEX].map((i) => {
    const { lower, upper } = bucketBounds(i);
    return [i, BigInt(lower).toString(), BigInt(upper).toString()];
  });
}

function histogramOf(values) {
  const h = new Histogram();
  for (const v of values) h.record(v);
  return h;
}

const hex = (bytes) => Buffer.from(bytes).toString("hex");

function histogramVector(name, values) {
  const h = histogramOf(values);
  return {
    name,
    values,
    count: h.count,
    sum: h.sum,
    min: h.min,
    max: h.max,
    encoded_hex: hex(encodeHistogram(h)),
    percentiles: QUANTILES.map((q) => [q, h.percentile(q)]),
    mean: h.mean(),
    stddev: h.stddev(),
  };
}

function mergeVector(name, parts) {
  const h = new Histogram();
  for (const part of parts) h.merge(histogramOf(part));
  return {
    name,
    parts,
    encoded_hex: hex(encodeHistogram(h)),
    percentiles: QUANTILES.map((q) => [q, h.percentile(q)]),
  };
}

const spread = lognormalSamples(2000, 20_000, 1.5, 42);
const second = lognormalSamples(1000, 20_000, 0.5, 1);

const vectors = {
  index: indexVectors(),
  index_u64: indexVectorsU64(),
  bounds: boundsVectors(),
  bounds_u64: boundsVectorsU64(),
  histograms: [
    histogramVector("empty", []),
    histogramVector("single value", [42]),
    histogramVector("single value 100000", [100000]),
    histogramVector("values below 256", [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 255, 255]),
    histogramVector("straddling 256", [250, 253, 255, 256, 257, 258, 259, 260, 262, 300, 511, 512, 513]),
    histogramVector("one value many times", new Array(300).fill(777)),
    histogramVector("gaps between runs", [1, 2, 3, 100, 101, 5000, 5001, 5002, 5003, 1_000_000]),
    histogramVector("large values up to 2^40", [
      2 ** 32 - 1,
      2 ** 32,
      2 ** 35 + 12345,
      999_999_999_999,
      2 ** 40,
    ]),
    histogramVector("largest exact value", [Number.MAX_SAFE_INTEGER]),
    histogramVector("one second of latencies (lognormal, median 20 ms)", second),
    histogramVector("wide lognormal spread", spread),
  ],
  merges: [
    mergeVector("disjoint small and large", [
      [1, 2, 3, 200],
      [2 ** 32, 2 ** 40],
    ]),
    mergeVector("with an empty part", [[], [300, 301, 302], []]),
    mergeVector("overlapping parts of one spread", [
      spread.slice(0, 700),
      spread.slice(700, 1500),
      spread.slice(1500),
    ]),
    mergeVector("same values twice", [
      [5, 500, 50_000],
      [5, 500, 50_000],
    ]),
  ],
  invalid: [
    ["empty input", "", "truncated"],
    ["unknown version", "02", "unknown version"],
    ["version 0", "000000000000", "unknown version"],
    ["truncated bucket count", "0101050505010501", "truncated"],
    ["truncated inside a varint", "0101ac", "truncated"],
    ["trailing bytes after buckets", "01010505050105010100", "trailing bytes"],
    ["trailing bytes after empty", "01000000000000", "trailing bytes"],
    ["overlong varint", "018100", "overlong varint"],
    ["overlong zero", "018000", "overlong varint"],
    ["varint above u64", "01ffffffffffffffffff02", "varint exceeds u64"],
    ["varint of 11 bytes", "01ffffffffffffffffff8001", "varint exceeds u64"],
    ["empty with runs", "0100000000010101", "empty histogram with nonzero sum, min, max or runs"],
    ["empty with sum", "01001c000000", "empty histogram with nonzero sum, min, max or runs"],
    ["empty with min", "010000050000", "empty histogram with nonzero sum, min, max or runs"],
    ["empty with max", "010000000500", "empty histogram with nonzero sum, min, max or runs"],
    ["zero gap after first run", "010205050502050101000101", "zero gap"],
    ["zero run length", "01010505050105000101", "zero run length"],
    ["zero bucket count", "01020505050105020100", "zero bucket count"],
    ["min above max", "01020604030101020101", "min above max"],
    ["bucket counts above count", "010105050501050102", "bucket counts do not add up to count"],
    ["bucket counts below count", "01030a050501050102", "bucket counts do not add up to count"],
    ["count without runs", "010105050500", "bucket counts do not add up to count"],
    ["min outside first bucket", "010105040501050101", "min outside first bucket"],
    ["max outside last bucket", "010105050601050101", "max outside last bucket"],
    ["index 7424", "010105050501803a0101", "index above 7423"],
    ["run past index 7423", "010205050501ff390202", "index above 7423"],
  ].map(([name, hexText, error]) => ({ name, hex: hexText, error })),
};

/** One entry per line: diffs stay readable and the file stays small. */
function format(data) {
  const sections = Object.entries(data).map(
    ([key, entries]) =>
      `  ${JSON.stringify(key)}: [\n${entries.map((e) => `    ${JSON.stringify(e)}`).join(",\n")}\n  ]`,
  );
  return `{\n${sections.join(",\n")}\n}\n`;
}

writeFileSync(new URL("./vectors.json", import.meta.url), format(vectors));
