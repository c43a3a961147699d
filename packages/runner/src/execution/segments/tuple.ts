import { ExecutionSegmentError } from "./errors.js";
import { Rational } from "./rational.js";
import { ExecutionSegment, parseSegment } from "./segment.js";
import { ExecutionSegmentSequence, parseSegmentSequence } from "./sequence.js";
import { type Striping, stripe } from "./striping.js";

/**
 * One instance's segment within its (filled) sequence, with the striping precomputed (k6's
 * `ExecutionTuple`). Everything an executor needs to take exactly its share: {@link scale} for
 * counts, {@link ownsIndex} / {@link nextOwnedIndex} / {@link globalIndexOf} for indexes.
 *
 * Counts are split by striping, never by rounding each share: the shares of all segments of a
 * sequence always add up to the count, and no share ever shrinks as the count grows.
 */
export class ExecutionTuple {
  /** Positions this segment owns in each block of {@link lcd} indexes, ascending. */
  private readonly owned: readonly number[];

  private constructor(
    /** This instance's segment. */
    readonly segment: ExecutionSegment,
    /** The full (`0..1`) sequence the segment belongs to. */
    readonly sequence: ExecutionSegmentSequence,
    /** Index of {@link segment} in {@link sequence}. */
    readonly segmentIndex: number,
    private readonly striping: Striping,
  ) {
    this.owned = striping.owned[segmentIndex] ?? [];
  }

  /**
   * Builds the tuple from the `executionSegment` and `executionSegmentSequence` option strings, as
   * k6's `NewExecutionTuple`: no segment means the whole test `0:1`; no sequence means one built
   * around the segment (`1/3:2/3` gives `0,1/3,2/3,1`). Throws {@link ExecutionSegmentError} for
   * malformed values or a segment that is not in the sequence.
   *
   * @example ExecutionTuple.create("1/3:2/3", "0,1/3,2/3,1").scale(10) // 3
   */
  static create(segment?: string, sequence?: string): ExecutionTuple {
    const parsedSegment = segment === undefined ? ExecutionSegment.WHOLE : parseSegment(segment);
    const parsedSequence = sequence === undefined ? undefined : parseSegmentSequence(sequence);
    return ExecutionTuple.of(parsedSegment, parsedSequence);
  }

  /** {@link create} for already-parsed values. */
  static of(segment: ExecutionSegment, sequence?: ExecutionSegmentSequence): ExecutionTuple {
    const filled = ExecutionSegmentSequence.filled(sequence, segment);
    return new ExecutionTuple(segment, filled, filled.indexOf(segment), stripe(filled));
  }

  /** True when this instance runs the whole test (segment `0:1`). */
  get isWholeTest(): boolean {
    return this.segment.isWhole;
  }

  /** Number of segments in the filled sequence. */
  get sequenceLength(): number {
    return this.sequence.segments.length;
  }

  /** The striping block length L: the pattern of owned indexes repeats every L indexes. */
  get lcd(): number {
    return this.striping.lcd;
  }

  /**
   * This segment's share of `count` (k6's `ScaleInt64`): `floor(count / L) * owned + (owned
   * positions below count mod L)`. O(log L).
   *
   * @example thirds: 10 → 4, 3, 3; 11 → 4, 4, 3
   */
  scale(count: number): number {
    return shareOf(this.owned, this.striping.lcd, count);
  }

  /** Whether the global (0-based) index belongs to this segment. O(log L). */
  ownsIndex(globalIndex: number): boolean {
    requireIndex(globalIndex, "global index");
    const position = globalIndex % this.striping.lcd;
    return this.owned[lowerBound(this.owned, position)] === position;
  }

  /** The smallest global index `>= fromGlobalIndex` that this segment owns. O(log L). */
  nextOwnedIndex(fromGlobalIndex: number): number {
    requireIndex(fromGlobalIndex, "global index");
    const { lcd } = this.striping;
    const position = fromGlobalIndex % lcd;
    const blockStart = fromGlobalIndex - position;
    const next = lowerBound(this.owned, position);
    return next < this.owned.length
      ? blockStart + (this.owned[next] ?? 0)
      : blockStart + lcd + (this.owned[0] ?? 0);
  }

  /**
   * The global index of this segment's `localIndex`-th owned index (0-based): the inverse of
   * counting owned indexes, so `globalIndexOf(scale(v) - 1) < v`. O(1).
   */
  globalIndexOf(localIndex: number): number {
    requireIndex(localIndex, "local index");
    const perBlock = this.owned.length;
    return Math.floor(localIndex / perBlock) * this.striping.lcd + (this.owned[localIndex % perBlock] ?? 0);
  }

  /**
   * Re-segments by `value` (k6's `GetNewExecutionTupleFromValue`): splits `value` between all
   * segments of the sequence with {@link scale}, drops the segments that get nothing, and makes a new
   * sequence whose segment `i` is `[before_i/value, (before_i + share_i)/value]`. shared-iterations
   * re-segments by its VUs and the arrival-rate executors by their maxVUs, so that an instance with
   * no VUs gets no iterations and the iterations follow the VUs. Throws
   * {@link ExecutionSegmentError} when `value < 1` or this segment's share of `value` is 0.
   *
   * @example ExecutionTuple.create("0:1/3", "0,1/3,2/3,1").getNewExecutionTupleFromValue(2).toString()
   *   // "0:1/2 in 0,1/2,1"
   */
  getNewExecutionTupleFromValue(value: number): ExecutionTuple {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new ExecutionSegmentError(
        `cannot re-segment by ${value}; the value must be a whole number of at least 1`,
      );
    }
    if (value % this.striping.lcd === 0) return this;
    const bigValue = BigInt(value);
    const segments: ExecutionSegment[] = [];
    let before = 0;
    let newIndex = -1;
    this.striping.owned.forEach((owned, index) => {
      const share = shareOf(owned, this.striping.lcd, value);
      if (share === 0) return;
      if (index === this.segmentIndex) newIndex = segments.length;
      segments.push(
        new ExecutionSegment(
          Rational.of(BigInt(before), bigValue),
          Rational.of(BigInt(before + share), bigValue),
        ),
      );
      before += share;
    });
    if (newIndex < 0) {
      throw new ExecutionSegmentError(
        `segment ${this.segment} gets none of ${value} in sequence ${this.sequence}, so it has no share to re-segment`,
      );
    }
    const sequence = new ExecutionSegmentSequence(segments);
    return new ExecutionTuple(segments[newIndex] ?? this.segment, sequence, newIndex, stripe(sequence));
  }

  /** k6's form, `"1/3:2/3 in 0,1/3,2/3,1"`. */
  toString(): string {
    return `${this.segment} in ${this.sequence}`;
  }
}

/** `floor(count / lcd) * owned.length + (owned positions below count % lcd)`. */
function shareOf(owned: readonly number[], lcd: number, count: number): number {
  requireIndex(count, "count");
  return Math.floor(count / lcd) * owned.length + lowerBound(owned, count % lcd);
}

/** Index of the first element `>= value` in an ascending array (its length when there is none). */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? value) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Counts and indexes are non-negative safe integers; anything else is a caller bug. */
function requireIndex(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative whole number, got ${value}`);
  }
}
