/**
 * Slow, obviously-correct reference versions of the scheme, written straight from
 * docs/reference/hdr-buckets.md with BigInt shifts, for tests to check the fast code against.
 */

/** The value -> index vectors of docs/reference/hdr-buckets.md, copied by hand. */
export const DOC_INDEX_VECTORS: readonly (readonly [number, number])[] = [
  [0, 0],
  [1, 1],
  [255, 255],
  [256, 256],
  [257, 256],
  [258, 257],
  [511, 383],
  [512, 384],
  [1029, 512],
  [100000, 1347],
  [2 ** 30, 3072],
  [2 ** 32 - 1, 3327],
];

/** index(u) with 64-bit integer arithmetic, for any u in [0, 2^64). */
export function referenceIndex(u: bigint): number {
  if (u < 256n) return Number(u);
  const n = BigInt(u.toString(2).length - 1);
  const s = n - 7n;
  return Number(s * 128n + (u >> s));
}

/** bounds(i) with 64-bit integer arithmetic. */
export function referenceBounds(i: number): { lower: bigint; upper: bigint } {
  if (i < 256) return { lower: BigInt(i), upper: BigInt(i + 1) };
  const s = BigInt((i >> 7) - 1);
  const m = BigInt(i) - s * 128n;
  return { lower: m << s, upper: (m + 1n) << s };
}

/** The exact value at quantile q of raw samples: the sample of rank max(1, ceil(q * n)). */
export function exactPercentile(sorted: readonly number[], q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] as number;
}
