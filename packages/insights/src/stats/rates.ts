import { twoSidedNormalP } from "./normal.js";
import { DEFAULT_ALPHA } from "./proportions.js";

/**
 * The result of {@link compareRates}: the second sample's rate against the first's.
 *
 * @example { rate1: 100, rate2: 90, ratio: 0.9, z: -7.1, pValue: 1.2e-12, significant: true }
 */
export interface RateComparison {
  /** Events per unit of exposure of the first sample (0 when its exposure is 0). */
  rate1: number;
  rate2: number;
  /** rate2 / rate1; null when rate1 is 0. */
  ratio: number | null;
  z: number;
  /** Two-sided p-value. */
  pValue: number;
  significant: boolean;
}

/**
 * Are two event rates different, such as requests per second of two runs? The conditional test
 * for two Poisson rates: given x1 + x2 events, x2 is binomial with p = t2 / (t1 + t2) when the
 * rates are equal; its normal approximation gives z. Load-test counts are thousands of events, so
 * even a small change in throughput is significant; read `ratio` for whether it matters.
 *
 * @throws RangeError when a count or an exposure is negative or not finite
 * @example
 * // 30,000 requests in 300 s against 27,000 in 300 s
 * compareRates(30_000, 300, 27_000, 300).significant // true
 */
export function compareRates(
  x1: number,
  t1: number,
  x2: number,
  t2: number,
  options: { alpha?: number } = {},
): RateComparison {
  for (const [name, value] of [
    ["x1", x1],
    ["t1", t1],
    ["x2", x2],
    ["t2", t2],
  ] as const) {
    if (!(value >= 0 && Number.isFinite(value)))
      throw new RangeError(`${name} must be a finite number ≥ 0, got ${value}`);
  }
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const rate1 = t1 > 0 ? x1 / t1 : 0;
  const rate2 = t2 > 0 ? x2 / t2 : 0;
  const ratio = rate1 > 0 ? rate2 / rate1 : null;
  const n = x1 + x2;
  if (t1 === 0 || t2 === 0 || n === 0) return { rate1, rate2, ratio, z: 0, pValue: 1, significant: false };
  const p0 = t2 / (t1 + t2);
  const z = (x2 - n * p0) / Math.sqrt(n * p0 * (1 - p0));
  const pValue = twoSidedNormalP(z);
  return { rate1, rate2, ratio, z, pValue, significant: pValue < alpha };
}
