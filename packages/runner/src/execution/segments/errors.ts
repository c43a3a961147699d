/**
 * A malformed execution segment or sequence, or a segment that is not part of its sequence.
 * The message says what was given and what is allowed.
 */
export class ExecutionSegmentError extends Error {
  override readonly name = "ExecutionSegmentError";
}
