import type { ExecutionTuple } from "./tuple.js";

/**
 * A cursor over one segment's share of a 1-based global count (k6's `SegmentedIndex`): `scaled` is
 * how many of the first `unscaled` global elements this segment owns, and `unscaled` is always one
 * this segment owns (or 0 before the first). The ramping-vus plan walks it to know when its next VU
 * starts or stops; executors use it to number iterations in the whole test.
 *
 * @example thirds, segment 0:1/3 owns global elements 1, 4, 7, ...: next() → (1, 1), (2, 4)
 */
export class SegmentedIndex {
  /** This segment's count so far (1-based; 0 before the first element). */
  scaled = 0;
  /** The global (1-based) position of this segment's `scaled`-th element; 0 before the first. */
  unscaled = 0;

  constructor(private readonly tuple: ExecutionTuple) {}

  /** Moves to this segment's next element. */
  next(): this {
    this.scaled += 1;
    this.unscaled = this.tuple.globalIndexOf(this.scaled - 1) + 1;
    return this;
  }

  /** Moves back to this segment's previous element; must not be called at 0. */
  prev(): this {
    if (this.scaled === 0) throw new RangeError("SegmentedIndex.prev() called before the first element");
    this.scaled -= 1;
    this.unscaled = this.scaled === 0 ? 0 : this.tuple.globalIndexOf(this.scaled - 1) + 1;
    return this;
  }

  /** Moves to the last element of this segment whose global position is `<= value`. */
  goTo(value: number): this {
    this.scaled = this.tuple.scale(value);
    this.unscaled = this.scaled === 0 ? 0 : this.tuple.globalIndexOf(this.scaled - 1) + 1;
    return this;
  }
}
