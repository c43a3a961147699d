import { ExecutionSegmentError } from "./errors.js";
import { parseRational, Rational } from "./rational.js";

/**
 * A `(from, to]` slice of the whole test's work, `0 <= from < to <= 1` (k6's `ExecutionSegment`).
 * An instance running segment `1/3:2/3` does a third of the work, interleaved with the other thirds.
 */
export class ExecutionSegment {
  /** `to - from`, the share of the work. */
  readonly length: Rational;

  /** Validates the bounds; throws {@link ExecutionSegmentError} when they are out of `[0, 1]` or not increasing. */
  constructor(
    readonly from: Rational,
    readonly to: Rational,
  ) {
    if (from.compare(Rational.ZERO) < 0) {
      throw new ExecutionSegmentError(`segment start ${from} must be at least 0`);
    }
    if (from.compare(to) >= 0) {
      throw new ExecutionSegmentError(`segment start ${from} must be less than its end ${to}`);
    }
    if (to.compare(Rational.ONE) > 0) {
      throw new ExecutionSegmentError(`segment end ${to} must not be more than 1`);
    }
    this.length = to.minus(from);
  }

  /** The whole test, `0:1`. */
  static readonly WHOLE = new ExecutionSegment(Rational.ZERO, Rational.ONE);

  /** True for the `0:1` segment. */
  get isWhole(): boolean {
    return this.equals(ExecutionSegment.WHOLE);
  }

  /** Same bounds. */
  equals(other: ExecutionSegment): boolean {
    return this.from.equals(other.from) && this.to.equals(other.to);
  }

  /** k6's canonical form, `"1/3:2/3"`. */
  toString(): string {
    return `${this.from}:${this.to}`;
  }
}

/**
 * Parses an execution segment the way k6 does (`NewExecutionSegmentFromString`): `"from:to"` with
 * each bound a fraction, decimal or integer percentage (`"1/3:2/3"`, `"0.25:0.5"`, `"50%:75%"`,
 * even `"2/4:75%"`); a single value is the end of a segment starting at 0 (`"1/2"` is `0:1/2`); the
 * empty string is the whole test.
 *
 * @example parseSegment("50%:75%").toString() // "1/2:3/4"
 */
export function parseSegment(text: string): ExecutionSegment {
  if (text === "") return ExecutionSegment.WHOLE;
  const colon = text.indexOf(":");
  const from = colon < 0 ? Rational.ZERO : parsePoint(text.slice(0, colon), text);
  const to = parsePoint(colon < 0 ? text : text.slice(colon + 1), text);
  try {
    return new ExecutionSegment(from, to);
  } catch (error) {
    throw new ExecutionSegmentError(`execution segment "${text}": ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Parses one bound, naming the whole segment text in the error. */
function parsePoint(point: string, whole: string): Rational {
  try {
    return parseRational(point);
  } catch (error) {
    throw new ExecutionSegmentError(
      `execution segment "${whole}": ${(error as Error).message}; a segment is written from:to, like 1/3:2/3 or 50%:75%`,
      { cause: error },
    );
  }
}
