/**
 * Execution segments: how one test is split across instances so that together they run exactly
 * the test that one machine would (k6's `lib/execution_segment.go`, reference/k6-semantics.md).
 *
 * - A **segment** is a `(from, to]` fraction of the work, written `from:to` with fractions,
 *   decimals or integer percentages (`1/3:2/3`, `0.25:0.5`, `50%:75%`); a single value `v` is
 *   `0:v`. {@link parseSegment}.
 * - A **sequence** lists the points of all segments of one run (`0,1/3,2/3,1`); every instance gets
 *   the same one. Without a sequence, one is built around the segment. {@link parseSegmentSequence}.
 * - An {@link ExecutionTuple} is one segment within its sequence, with the **striping** precomputed:
 *   with L the lowest common denominator of the segment lengths, each segment owns fixed positions
 *   of every block of L indexes (largest segments choose first). Counts are shared by counting owned
 *   positions, so thirds of 10 VUs are 4, 3, 3 and of 11 are 4, 4, 3; the shares always add up and
 *   never shrink as the count grows. Arrival-rate iterations are dealt out by index ownership, so no
 *   two instances start the same iteration and together they start all of them.
 * - {@link ExecutionTuple.getNewExecutionTupleFromValue} re-segments by a count (VUs or maxVUs) the
 *   way k6 does, so that iterations go only to instances that have VUs.
 * - {@link SegmentedIndex} walks one segment's share of a count in order (k6's `SegmentedIndex`).
 *
 * All arithmetic is exact (BigInt fractions, integer positions); no float ever decides ownership.
 *
 * @example
 * const tuple = ExecutionTuple.create("1/3:2/3", "0,1/3,2/3,1");
 * tuple.scale(10);          // 3 VUs of 10
 * tuple.ownsIndex(1);       // true: iterations 1, 4, 7, ... are this instance's
 * tuple.nextOwnedIndex(2);  // 4
 */
export { ExecutionSegmentError } from "./errors.js";
export { parseRational, Rational } from "./rational.js";
export { ExecutionSegment, parseSegment } from "./segment.js";
export { SegmentedIndex } from "./segmented-index.js";
export { ExecutionSegmentSequence, parseSegmentSequence } from "./sequence.js";
export { MAX_STRIPING_BLOCK, type Striping, stripe } from "./striping.js";
export { ExecutionTuple } from "./tuple.js";
