import { decodeHistogram, type Histogram } from "@barrage/hdr-native";
import type { HistogramInput } from "../types.js";
import { twoSidedNormalP } from "./normal.js";
import { DEFAULT_ALPHA } from "./proportions.js";

/** The two-sample tests {@link compareHistograms} can run on bucket counts. */
export type HistogramTest = "mann-whitney" | "kolmogorov-smirnov";

/**
 * One percentile of both histograms, in the histograms' units (µs for times; `fromUnits` gives ms).
 *
 * @example { q: 0.95, a: 182_000, b: 201_000, change: 0.104 }
 */
export interface PercentileChange {
  q: number;
  a: number;
  b: number;
  /** (b - a) / a; 0 when both are 0, Infinity when only a is 0. */
  change: number;
}

/**
 * The result of {@link compareHistograms}: histogram `b` against histogram `a`.
 *
 * @example { test: "mann-whitney", pValue: 3e-9, significant: true, probabilityBHigher: 0.54, ... }
 */
export interface HistogramComparison {
  test: HistogramTest;
  /** Mann–Whitney: U of `b` (pairs with b above a, plus half the ties). Kolmogorov–Smirnov: D. */
  statistic: number;
  /** Mann–Whitney only: the tie-corrected z of U, positive when `b` tends to be higher. */
  z?: number;
  /** Two-sided p-value. */
  pValue: number;
  /** pValue < alpha. */
  significant: boolean;
  countA: number;
  countB: number;
  /**
   * P(B > A) + P(B = A) / 2 for one value drawn from each, values in one bucket counting as equal:
   * 0.5 means no shift, above 0.5 means `b` is higher (slower, for latencies).
   */
  probabilityBHigher: number;
  /** p50, p95 and p99 (or the quantiles asked for) of both. */
  percentiles: PercentileChange[];
}

/**
 * Options of {@link compareHistograms}.
 *
 * @example { test: "kolmogorov-smirnov", alpha: 0.05, quantiles: [0.95] }
 */
export interface CompareHistogramsOptions {
  /** Default "mann-whitney". */
  test?: HistogramTest;
  /** Significance level, default 0.01. */
  alpha?: number;
  /** Quantiles reported in `percentiles`, default [0.5, 0.95, 0.99]. */
  quantiles?: readonly number[];
}

/**
 * Decodes an encoded histogram, or returns the histogram itself.
 *
 * @throws HdrDecodeError when the bytes are not a valid version-1 encoding.
 * @example toHistogram(row.buckets).percentile(0.95)
 */
export function toHistogram(input: HistogramInput): Histogram {
  return input instanceof Uint8Array ? decodeHistogram(input) : input;
}

/**
 * Two-sample test on two merged HDR histograms, computed from their bucket counts alone (never from
 * averages, and without raw samples): is `b` distributed differently from `a`?
 *
 * - "mann-whitney" (default): the Mann–Whitney U test with the normal approximation, the tie
 *   correction of the variance and a continuity correction. Bucketed values are ordinal data with
 *   ties (every value in a bucket is a tie), which is exactly what the tie-corrected U handles;
 *   it is most sensitive to one histogram being shifted above the other.
 * - "kolmogorov-smirnov": D, the largest gap between the two cumulative distributions at bucket
 *   edges, with the asymptotic Kolmogorov p-value (Stephens' small-sample factor). Sensitive to any
 *   change of shape, but conservative on bucketed data.
 *
 * Both are O(buckets). With hundreds of thousands of requests even a tiny difference is
 * significant, so a caller deciding whether something *matters* should also look at `percentiles`.
 *
 * @throws HdrDecodeError when an encoded input is invalid.
 * @example
 * const cmp = compareHistograms(baselineBytes, runBytes);
 * if (cmp.significant && cmp.probabilityBHigher > 0.5) console.log("slower", cmp.percentiles);
 */
export function compareHistograms(
  a: HistogramInput,
  b: HistogramInput,
  options: CompareHistogramsOptions = {},
): HistogramComparison {
  const test = options.test ?? "mann-whitney";
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const ha = toHistogram(a);
  const hb = toHistogram(b);
  const quantiles = options.quantiles ?? [0.5, 0.95, 0.99];
  const pa = ha.percentiles(quantiles);
  const pb = hb.percentiles(quantiles);
  const percentiles = quantiles.map((q, i) => {
    const va = pa[i] as number;
    const vb = pb[i] as number;
    return { q, a: va, b: vb, change: relativeChange(va, vb) };
  });
  const buckets = joinBuckets(ha, hb);
  const countA = ha.count;
  const countB = hb.count;
  const u = uOfB(buckets);
  const probabilityBHigher = countA > 0 && countB > 0 ? u / (countA * countB) : 0.5;
  const base = { test, countA, countB, probabilityBHigher, percentiles };
  if (countA === 0 || countB === 0) return { ...base, statistic: 0, pValue: 1, significant: false };
  if (test === "kolmogorov-smirnov") {
    const d = ksDistance(buckets, countA, countB);
    const pValue = kolmogorovP(d, countA, countB);
    return { ...base, statistic: d, pValue, significant: pValue < alpha };
  }
  const z = mannWhitneyZ(buckets, u, countA, countB);
  const pValue = twoSidedNormalP(z);
  return { ...base, statistic: u, z, pValue, significant: pValue < alpha };
}

/** Counts of both histograms per bucket index, ascending, over the union of non-empty buckets. */
interface JointBuckets {
  a: number[];
  b: number[];
}

function joinBuckets(ha: Histogram, hb: Histogram): JointBuckets {
  const byIndex = new Map<number, [number, number]>();
  ha.forEachBucket((index, count) => {
    byIndex.set(index, [count, 0]);
  });
  hb.forEachBucket((index, count) => {
    const entry = byIndex.get(index);
    if (entry) entry[1] = count;
    else byIndex.set(index, [0, count]);
  });
  const indexes = [...byIndex.keys()].sort((x, y) => x - y);
  const a: number[] = [];
  const b: number[] = [];
  for (const index of indexes) {
    const [ca, cb] = byIndex.get(index) as [number, number];
    a.push(ca);
    b.push(cb);
  }
  return { a, b };
}

/** U of b: for each value of b, the values of a below it plus half of those in its bucket. */
function uOfB({ a, b }: JointBuckets): number {
  let below = 0;
  let u = 0;
  for (let i = 0; i < a.length; i++) {
    const ca = a[i] as number;
    u += (b[i] as number) * (below + ca / 2);
    below += ca;
  }
  return u;
}

function mannWhitneyZ({ a, b }: JointBuckets, u: number, na: number, nb: number): number {
  const n = na + nb;
  let ties = 0;
  for (let i = 0; i < a.length; i++) {
    const t = (a[i] as number) + (b[i] as number);
    ties += t * t * t - t;
  }
  const variance = ((na * nb) / 12) * (n + 1 - ties / (n * (n - 1)));
  // Every value in one bucket: nothing to rank, no evidence either way.
  if (!(variance > 0)) return 0;
  const deviation = u - (na * nb) / 2;
  const corrected = Math.max(0, Math.abs(deviation) - 0.5);
  return (Math.sign(deviation) * corrected) / Math.sqrt(variance);
}

function ksDistance({ a, b }: JointBuckets, na: number, nb: number): number {
  let ca = 0;
  let cb = 0;
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    ca += a[i] as number;
    cb += b[i] as number;
    d = Math.max(d, Math.abs(ca / na - cb / nb));
  }
  return d;
}

/** Asymptotic two-sample Kolmogorov–Smirnov p-value with Stephens' correction for the sample sizes. */
function kolmogorovP(d: number, na: number, nb: number): number {
  const ne = Math.sqrt((na * nb) / (na + nb));
  return kolmogorovSurvival((ne + 0.12 + 0.11 / ne) * d);
}

/**
 * The survival function of the Kolmogorov distribution, Q_KS(λ) = P(K > λ) =
 * 2 Σ (-1)^(j-1) exp(-2 j² λ²). Below λ = 1.18 that alternating series converges slowly, so the
 * equivalent Jacobi form 1 - √(2π)/λ Σ exp(-(2j-1)² π² / (8 λ²)) is used instead. Four terms of
 * either keep the error below 1e-15.
 *
 * @example kolmogorovSurvival(1.36) // ≈ 0.0495
 */
export function kolmogorovSurvival(lambda: number): number {
  if (!(lambda > 0)) return 1;
  if (lambda < 1.18) {
    const y = Math.exp((-Math.PI * Math.PI) / (8 * lambda * lambda));
    const sum = y + y ** 9 + y ** 25 + y ** 49;
    return clamp01(1 - (Math.sqrt(2 * Math.PI) / lambda) * sum);
  }
  const x = Math.exp(-2 * lambda * lambda);
  return clamp01(2 * (x - x ** 4 + x ** 9 - x ** 16));
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function relativeChange(a: number, b: number): number {
  if (a === 0) return b === 0 ? 0 : Number.POSITIVE_INFINITY;
  return (b - a) / a;
}
