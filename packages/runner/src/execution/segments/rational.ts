import { ExecutionSegmentError } from "./errors.js";

/**
 * An exact fraction with BigInt parts, always reduced and with a positive denominator. Segments are
 * compared and subtracted exactly: a float would make `1/3 + 1/3 + 1/3` miss 1 and lose a VU at a
 * boundary.
 */
export class Rational {
  private constructor(
    /** Numerator, carrying the sign. */
    readonly num: bigint,
    /** Denominator, always positive. */
    readonly den: bigint,
  ) {}

  /** Zero. */
  static readonly ZERO = new Rational(0n, 1n);
  /** One, the whole test. */
  static readonly ONE = new Rational(1n, 1n);

  /** The reduced fraction `num/den`; `den` must not be zero. */
  static of(num: bigint, den: bigint): Rational {
    if (den === 0n) throw new RangeError("a fraction cannot have a zero denominator");
    const sign = den < 0n ? -1n : 1n;
    const divisor = gcd(num < 0n ? -num : num, den < 0n ? -den : den);
    return new Rational((sign * num) / divisor, (sign * den) / divisor);
  }

  /** `this - other`. */
  minus(other: Rational): Rational {
    return Rational.of(this.num * other.den - other.num * this.den, this.den * other.den);
  }

  /** Negative, zero or positive as `this` is below, equal to or above `other`. */
  compare(other: Rational): number {
    const left = this.num * other.den;
    const right = other.num * this.den;
    return left < right ? -1 : left > right ? 1 : 0;
  }

  /** Exact equality. */
  equals(other: Rational): boolean {
    return this.num === other.num && this.den === other.den;
  }

  /** k6's `RatString`: `"1/3"`, or `"2"` when the denominator is 1. */
  toString(): string {
    return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
  }
}

/** Greatest common divisor of two non-negative integers (gcd(0, 0) is taken as 1). */
export function gcd(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y !== 0n) {
    [x, y] = [y, x % y];
  }
  return x === 0n ? 1n : x;
}

const PERCENT = /^[+-]?\d+%$/;
const FRACTION = /^([+-]?\d+)\/(\d+)$/;
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses one point of a segment or sequence the way k6's `stringToRat` does: an integer
 * percentage (`"25%"`), a fraction of integers (`"1/4"`) or a decimal (`"0.25"`, `"2.5e-1"`).
 *
 * @example parseRational("50%").toString() // "1/2"
 */
export function parseRational(text: string): Rational {
  if (text.endsWith("%")) {
    if (!PERCENT.test(text)) {
      throw new ExecutionSegmentError(
        `"${text}" is not a valid percentage; use an integer percentage like 25%`,
      );
    }
    return Rational.of(BigInt(text.slice(0, -1)), 100n);
  }
  const fraction = FRACTION.exec(text);
  if (fraction) {
    const [, num = "", den = ""] = fraction;
    if (BigInt(den) === 0n) throw new ExecutionSegmentError(`"${text}" divides by zero`);
    return Rational.of(BigInt(num), BigInt(den));
  }
  const decimal = DECIMAL.exec(text);
  const [, sign = "", whole = "", fractional = "", exponent = "0"] = decimal ?? [];
  if (!decimal || whole + fractional === "") {
    throw new ExecutionSegmentError(
      `"${text}" is not a valid percentage, decimal or fraction; use a value like 25%, 0.25 or 1/4`,
    );
  }
  const digits = BigInt(`${sign}${whole}${fractional}`);
  const scale = Number(exponent) - fractional.length;
  return scale >= 0
    ? Rational.of(digits * 10n ** BigInt(scale), 1n)
    : Rational.of(digits, 10n ** BigInt(-scale));
}
