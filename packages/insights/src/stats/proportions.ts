import { twoSidedNormalP } from "./normal.js";

/** Significance level used across Barrage's comparisons: the 1% level. */
export const DEFAULT_ALPHA = 0.01;

/**
 * The result of {@link compareProportions}: the second sample against the first.
 *
 * @example { p1: 0.01, p2: 0.03, difference: 0.02, z: 7.9, pValue: 2.8e-15, significant: true }
 */
export interface ProportionComparison {
  /** x1 / n1 (0 when n1 is 0). */
  p1: number;
  /** x2 / n2 (0 when n2 is 0). */
  p2: number;
  /** p2 - p1: positive when the second sample has the higher rate. */
  difference: number;
  /** The pooled z statistic, (p2 - p1) / SE; positive when the second is higher. */
  z: number;
  /** Two-sided p-value. */
  pValue: number;
  /** pValue < alpha. */
  significant: boolean;
}

/**
 * Two-proportion z-test with the pooled standard error: is the rate x2/n2 different from x1/n1?
 * Two-sided; read the direction from `difference`. A sample with n = 0, or rates that are both 0
 * or both 1, cannot show a difference and gives p = 1.
 *
 * The normal approximation is the usual one for rates of requests, where samples run to thousands;
 * with a handful of events the test is approximate, which is why the insights also demand a
 * minimum practical difference.
 *
 * @throws RangeError when a count is negative or not finite, or x > n.
 * @example
 * // baseline run: 12 failures in 4,000 requests; this run: 61 in 4,100
 * compareProportions(12, 4000, 61, 4100).significant // true
 */
export function compareProportions(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  options: { alpha?: number } = {},
): ProportionComparison {
  checkSample(x1, n1, "first");
  checkSample(x2, n2, "second");
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const p1 = n1 > 0 ? x1 / n1 : 0;
  const p2 = n2 > 0 ? x2 / n2 : 0;
  const difference = p2 - p1;
  if (n1 === 0 || n2 === 0) return { p1, p2, difference, z: 0, pValue: 1, significant: false };
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return { p1, p2, difference, z: 0, pValue: 1, significant: false };
  const z = difference / se;
  const pValue = twoSidedNormalP(z);
  return { p1, p2, difference, z, pValue, significant: pValue < alpha };
}

function checkSample(x: number, n: number, which: string): void {
  if (!(Number.isFinite(x) && Number.isFinite(n) && x >= 0 && n >= 0 && x <= n)) {
    throw new RangeError(
      `compareProportions: the ${which} sample needs 0 <= x <= n with finite counts, got x = ${x}, n = ${n}`,
    );
  }
}
