/**
 * Bucket math of the HDR scheme (docs/reference/hdr-buckets.md): lowest discernible value 1,
 * 7 sub-bucket bits, so values below 256 are exact and wider buckets are at most 1/128 of their value.
 */

/** Sub-bucket bits: 2 significant decimal digits. */
const SUB_BITS = 7;
/** Values below this have a bucket of their own. */
const EXACT_LIMIT = 256;
const TWO_POW_32 = 2 ** 32;

/**
 * Largest bucket index any implementation can produce: the index of 2^64 - 1 (the C core is u64).
 * The TypeScript twin never produces more than {@link MAX_SAFE_INDEX}.
 */
export const MAX_INDEX = 7423;

/** The index of `Number.MAX_SAFE_INTEGER`, the largest value this twin records. */
export const MAX_SAFE_INDEX = 6015;

/** POW2[s] = 2^s, for the shifts above 2^31 where `>>` would truncate to 32 bits. */
const POW2 = Float64Array.from({ length: 64 }, (_, s) => 2 ** s);

/**
 * The bucket index of a value in integer units.
 *
 * @throws RangeError when `value` is negative, not an integer or above `Number.MAX_SAFE_INTEGER`
 *   (2^53 - 1), where float64 stops counting exactly.
 * @example bucketIndex(100_000) // 1347
 */
export function bucketIndex(value: number): number {
  // Fast path: a non-negative int32, which is every latency below 35 minutes in µs.
  if ((value | 0) === value && value >= 0) {
    if (value < EXACT_LIMIT) return value;
    const shift = 31 - Math.clz32(value) - SUB_BITS;
    return (shift << SUB_BITS) + (value >> shift);
  }
  return wideIndex(value);
}

/** The index of a value at or above 2^31 (or an invalid value), kept apart so the fast path stays small. */
function wideIndex(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(
      `HDR value must be an integer from 0 to ${Number.MAX_SAFE_INTEGER} (units), got ${value}`,
    );
  }
  const high = Math.floor(value / TWO_POW_32);
  const log2 = high === 0 ? 31 - Math.clz32(value) : 63 - Math.clz32(high);
  const shift = log2 - SUB_BITS;
  return shift * 128 + Math.floor(value / (POW2[shift] as number));
}

/** The integer value range `[lower, upper)` of one bucket. */
export interface BucketBounds {
  /** Smallest value in the bucket. */
  lower: number;
  /** One past the largest value in the bucket. */
  upper: number;
}

/**
 * The value range `[lower, upper)` of a bucket. Indexes up to {@link MAX_INDEX} are accepted; above
 * {@link MAX_SAFE_INDEX} the bounds exceed 2^53 but are still exact, being 8-bit numbers times a power of two.
 *
 * @throws RangeError when `index` is not an integer from 0 to {@link MAX_INDEX}.
 * @example bucketBounds(257) // { lower: 258, upper: 260 }
 */
export function bucketBounds(index: number): BucketBounds {
  if (!Number.isInteger(index) || index < 0 || index > MAX_INDEX) {
    throw new RangeError(`HDR bucket index must be an integer from 0 to ${MAX_INDEX}, got ${index}`);
  }
  if (index < EXACT_LIMIT) return { lower: index, upper: index + 1 };
  const shift = (index >> SUB_BITS) - 1;
  const mantissa = index - shift * 128;
  const scale = POW2[shift] as number;
  return { lower: mantissa * scale, upper: (mantissa + 1) * scale };
}

/**
 * The value a bucket stands for in percentiles and the standard deviation: the middle of its integer
 * range, `lower + (upper - lower - 1) / 2`, so a width-1 bucket reports exactly its value.
 */
export function bucketMidpoint(index: number): number {
  const { lower, upper } = bucketBounds(index);
  return lower + (upper - lower - 1) / 2;
}
