import { ExecutionSegmentError } from "./errors.js";
import { parseRational, Rational } from "./rational.js";
import { ExecutionSegment } from "./segment.js";

/**
 * An ordered chain of execution segments where each one starts where the previous one ends (k6's
 * `ExecutionSegmentSequence`), written as its points: `"0,1/3,2/3,1"`. All instances of one
 * distributed run share the same sequence, which is what makes their shares add up exactly.
 */
export class ExecutionSegmentSequence {
  /** Throws {@link ExecutionSegmentError} when a segment does not start where the previous one ends. */
  constructor(readonly segments: readonly ExecutionSegment[]) {
    segments.forEach((segment, index) => {
      const previous = segments[index - 1];
      if (previous && !previous.to.equals(segment.from)) {
        throw new ExecutionSegmentError(
          `segment #${index} of the sequence starts at ${segment.from} but the previous one ends at ${previous.to}`,
        );
      }
    });
  }

  /** Whether it starts at 0 and ends at 1, so that every bit of work has an owner. */
  get isFull(): boolean {
    const first = this.segments[0];
    const last = this.segments[this.segments.length - 1];
    return (
      first !== undefined &&
      last !== undefined &&
      first.from.equals(Rational.ZERO) &&
      last.to.equals(Rational.ONE)
    );
  }

  /**
   * Index of `segment` in the sequence; throws {@link ExecutionSegmentError} naming both when it is
   * not one of its segments.
   */
  indexOf(segment: ExecutionSegment): number {
    const index = this.segments.findIndex((candidate) => candidate.equals(segment));
    if (index < 0) {
      throw new ExecutionSegmentError(
        `execution segment ${segment} is not in the execution segment sequence ${this}; use one of ${this.segments.join(", ")}`,
      );
    }
    return index;
  }

  /**
   * The sequence completed to cover `0..1` (k6's `GetFilledExecutionSegmentSequence`): gaps before
   * the first and after the last segment become segments of their own. Without a sequence, one is
   * built around `fallback` (`1/3:2/3` alone gives `0,1/3,2/3,1`), or the whole test `0,1`.
   */
  static filled(
    sequence: ExecutionSegmentSequence | undefined,
    fallback: ExecutionSegment,
  ): ExecutionSegmentSequence {
    const segments = sequence && sequence.segments.length > 0 ? [...sequence.segments] : [fallback];
    const first = segments[0] ?? fallback;
    const last = segments[segments.length - 1] ?? fallback;
    if (!first.from.equals(Rational.ZERO)) segments.unshift(new ExecutionSegment(Rational.ZERO, first.from));
    if (!last.to.equals(Rational.ONE)) segments.push(new ExecutionSegment(last.to, Rational.ONE));
    return new ExecutionSegmentSequence(segments);
  }

  /** The points, `"0,1/3,2/3,1"`. */
  toString(): string {
    const first = this.segments[0];
    return first ? [first.from, ...this.segments.map((segment) => segment.to)].join(",") : "";
  }
}

/**
 * Parses k6's `"r1,r2,...,rn"` form (`NewExecutionSegmentSequenceFromString`): at least two strictly
 * increasing points in `[0, 1]`, each a fraction, decimal or integer percentage. The empty string
 * means "no sequence" and gives `undefined`.
 *
 * @example parseSegmentSequence("0,1/3,2/3,1")?.segments.length // 3
 */
export function parseSegmentSequence(text: string): ExecutionSegmentSequence | undefined {
  if (text === "") return undefined;
  const points = text.split(",");
  if (points.length < 2) {
    throw new ExecutionSegmentError(
      `execution segment sequence "${text}" has ${points.length} point; it needs at least 2, like 0,1/2,1`,
    );
  }
  try {
    const values = points.map(parseRational);
    return new ExecutionSegmentSequence(
      values.slice(1).map((to, index) => new ExecutionSegment(values[index] ?? Rational.ZERO, to)),
    );
  } catch (error) {
    throw new ExecutionSegmentError(
      `execution segment sequence "${text}": ${(error as Error).message}; a sequence lists increasing points from 0 to 1, like 0,1/3,2/3,1`,
      { cause: error },
    );
  }
}
