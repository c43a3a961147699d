import { bucketIndex, bucketMidpoint, MAX_SAFE_INDEX } from "./buckets.js";

/** Smallest window allocated, in buckets: a factor of 2 above 256 µs, so a steady series rarely grows. */
const MIN_WINDOW = 64;
/** No window is ever larger than the whole index space of safe integers. */
const MAX_WINDOW = MAX_SAFE_INDEX + 1;

/** The exact statistics kept beside the buckets. */
export interface HistogramStats {
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** Rebuilds a histogram from validated parts; assigned in the class's static block to reach its private fields. */
let restore: (stats: HistogramStats, firstIndex: number, counts: Float64Array) => Histogram;

/**
 * A log-linear HDR histogram of non-negative integer values (units), with exact count, sum, min and max.
 *
 * Bucket counts live in a `Float64Array` window over only the index range in use (exact to 2^53 per
 * bucket), which grows and re-centres when a value falls outside it; a one-second latency series
 * therefore takes a few kilobytes, and `reset()` keeps the window for the next second.
 *
 * @example
 * const h = new Histogram();
 * for (const ms of [12.5, 20.1, 31.7]) h.record(toUnits(ms));
 * fromUnits(h.percentile(0.95)); // ≈ 31.7
 */
export class Histogram {
  /** Number of recorded values. Read it; only the histogram writes it. */
  count = 0;
  /** Sum of recorded values, exact while below 2^53. */
  sum = 0;
  /** Smallest recorded value, 0 when empty. */
  min = 0;
  /** Largest recorded value, 0 when empty. */
  max = 0;
  /** Bucket counts; slot s holds the count of index `#offset + s`. */
  #counts: Float64Array = new Float64Array(0);
  #offset = 0;

  static {
    restore = (stats, firstIndex, counts) => {
      const h = new Histogram();
      h.count = stats.count;
      h.sum = stats.sum;
      h.min = stats.min;
      h.max = stats.max;
      h.#counts = counts;
      h.#offset = firstIndex;
      return h;
    };
  }

  /**
   * Records one value in integer units. Does not allocate unless the value falls outside the window.
   *
   * @throws RangeError when `value` is not an integer from 0 to 2^53 - 1.
   */
  record(value: number): void {
    this.recordMany(value, 1);
  }

  /**
   * Records `times` occurrences of one value.
   *
   * @throws RangeError when `value` is not an integer from 0 to 2^53 - 1 or `times` not an integer ≥ 0.
   */
  recordMany(value: number, times: number): void {
    const index = bucketIndex(value);
    if (!(times >= 1 && Number.isSafeInteger(times))) {
      if (times === 0) return;
      throw new RangeError(`HDR record count must be an integer from 0 to 2^53 - 1, got ${times}`);
    }
    let slot = index - this.#offset;
    if (slot < 0 || slot >= this.#counts.length) slot = this.#makeRoom(index, index);
    (this.#counts[slot] as number) += times;
    if (this.count === 0) {
      this.min = value;
      this.max = value;
    } else if (value < this.min) {
      this.min = value;
    } else if (value > this.max) {
      this.max = value;
    }
    this.count += times;
    this.sum += value * times;
  }

  /** Adds every value of `other` to this histogram. Merging is commutative and associative. */
  merge(other: Histogram): void {
    if (other.count === 0) return;
    const first = bucketIndex(other.min);
    const last = bucketIndex(other.max);
    if (first < this.#offset || last >= this.#offset + this.#counts.length) this.#makeRoom(first, last);
    const source = other.#counts;
    const target = this.#counts;
    const shift = other.#offset - this.#offset;
    for (let s = first - other.#offset, end = last - other.#offset; s <= end; s++) {
      (target[s + shift] as number) += source[s] as number;
    }
    if (this.count === 0) {
      this.min = other.min;
      this.max = other.max;
    } else {
      this.min = Math.min(this.min, other.min);
      this.max = Math.max(this.max, other.max);
    }
    this.count += other.count;
    this.sum += other.sum;
  }

  /**
   * The value at quantile `q` in [0, 1]: the midpoint of the bucket holding rank max(1, ceil(q * count)),
   * clamped to [min, max]. 0 when empty.
   *
   * @throws RangeError when `q` is outside [0, 1].
   */
  percentile(q: number): number {
    return this.percentiles([q])[0] as number;
  }

  /**
   * The values at several quantiles in one pass over the buckets, in the order asked.
   *
   * @throws RangeError when a quantile is outside [0, 1].
   * @example h.percentiles([0.5, 0.9, 0.99])
   */
  percentiles(qs: readonly number[]): number[] {
    for (const q of qs) {
      if (!(q >= 0 && q <= 1)) throw new RangeError(`HDR quantile must be a number in [0, 1], got ${q}`);
    }
    const result = new Array<number>(qs.length).fill(0);
    if (this.count === 0) return result;
    const order = qs.map((_, i) => i).sort((a, b) => (qs[a] as number) - (qs[b] as number));
    const counts = this.#counts;
    let next = 0;
    let cumulative = 0;
    for (let s = bucketIndex(this.min) - this.#offset; next < order.length; s++) {
      cumulative += counts[s] as number;
      while (next < order.length) {
        const at = order[next] as number;
        const rank = Math.max(1, Math.ceil((qs[at] as number) * this.count));
        if (rank > cumulative) break;
        result[at] = Math.min(this.max, Math.max(this.min, bucketMidpoint(s + this.#offset)));
        next++;
      }
    }
    return result;
  }

  /** The exact mean, sum / count; 0 when empty. */
  mean(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }

  /**
   * The population standard deviation of the bucket midpoints (unclamped) weighted by their counts;
   * 0 when fewer than two values. Two passes, so large values do not cancel out.
   */
  stddev(): number {
    if (this.count < 2) return 0;
    let total = 0;
    this.forEachBucket((index, count) => {
      total += bucketMidpoint(index) * count;
    });
    const mean = total / this.count;
    let squares = 0;
    this.forEachBucket((index, count) => {
      const deviation = bucketMidpoint(index) - mean;
      squares += deviation * deviation * count;
    });
    return Math.sqrt(squares / this.count);
  }

  /** True when nothing has been recorded. */
  isEmpty(): boolean {
    return this.count === 0;
  }

  /** Forgets every value but keeps the bucket window, so reuse does not allocate. */
  reset(): void {
    if (this.count > 0) {
      this.#counts.fill(0, bucketIndex(this.min) - this.#offset, bucketIndex(this.max) - this.#offset + 1);
    }
    this.count = 0;
    this.sum = 0;
    this.min = 0;
    this.max = 0;
  }

  /** An independent copy whose window covers only the buckets in use. */
  clone(): Histogram {
    if (this.count === 0) return new Histogram();
    const first = bucketIndex(this.min);
    const counts = this.#counts.slice(first - this.#offset, bucketIndex(this.max) - this.#offset + 1);
    return restore(this, first, counts);
  }

  /** Calls `fn` for every non-empty bucket, in ascending index order. */
  forEachBucket(fn: (index: number, count: number) => void): void {
    if (this.count === 0) return;
    const counts = this.#counts;
    for (let index = bucketIndex(this.min), last = bucketIndex(this.max); index <= last; index++) {
      const count = counts[index - this.#offset] as number;
      if (count !== 0) fn(index, count);
    }
  }

  /**
   * Moves or enlarges the window so that it covers indexes `first..last` and every bucket in use, and
   * returns the slot of `first`. New room goes on the side that grew, since series drift one way; an
   * empty histogram centres the window on the new values instead.
   */
  #makeRoom(first: number, last: number): number {
    const old = this.#counts;
    const usedFirst = this.count === 0 ? first : bucketIndex(this.min);
    const usedLast = this.count === 0 ? last : bucketIndex(this.max);
    const from = Math.min(first, usedFirst);
    const to = Math.max(last, usedLast);
    const span = to - from + 1;
    const counts =
      span <= old.length
        ? old
        : new Float64Array(Math.min(MAX_WINDOW, Math.max(MIN_WINDOW, span + (span >> 1))));
    const room = counts.length - span;
    const start = this.count === 0 ? from - (room >> 1) : first < usedFirst ? from - room : from;
    const offset = Math.max(0, Math.min(MAX_WINDOW - counts.length, start));
    if (this.count > 0) {
      const a = usedFirst - this.#offset;
      const b = usedLast - this.#offset + 1;
      const move = this.#offset - offset;
      if (counts === old) {
        counts.copyWithin(a + move, a, b);
        if (move > 0) counts.fill(0, a, Math.min(b, a + move));
        else counts.fill(0, Math.max(a, b + move), b);
      } else {
        counts.set(old.subarray(a, b), a + move);
      }
    }
    this.#counts = counts;
    this.#offset = offset;
    return first - offset;
  }
}

/**
 * Builds a histogram from parts the decoder has validated: `counts[k]` is the count of index
 * `firstIndex + k`, and the stats agree with them. Internal to this package.
 */
export function restoreHistogram(stats: HistogramStats, firstIndex: number, counts: Float64Array): Histogram {
  return restore(stats, firstIndex, counts);
}
