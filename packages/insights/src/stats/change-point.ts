/**
 * Change-point detection for "y as a function of load": does y stay flat, follow one straight line,
 * or follow one line up to a breakpoint and another after it? The last model is the continuous
 * two-segment (hinge) regression y = a + b·x + c·max(0, x − k), fitted by least squares for every
 * candidate breakpoint k, and the three models are compared by BIC, so that a breakpoint is only
 * claimed when it explains the data better than its extra parameters would by chance.
 */

/** The model {@link fitLoadCurve} prefers. */
export type CurveModel = "flat" | "linear" | "hinge";

/**
 * A fitted two-segment line, continuous at `breakpoint`.
 *
 * @example { breakpoint: 50, intercept: 0, slopeBefore: 10, slopeAfter: 0.2, sse: 3.1 }
 */
export interface HingeFit {
  breakpoint: number;
  intercept: number;
  /** dy/dx below the breakpoint. */
  slopeBefore: number;
  /** dy/dx above the breakpoint. */
  slopeAfter: number;
  /** Sum of squared residuals. */
  sse: number;
}

/**
 * All three fits and the preferred one.
 *
 * @example fit.model === "hinge" && fit.hinge.breakpoint // 50
 */
export interface LoadCurveFit {
  n: number;
  model: CurveModel;
  flat: { level: number; sse: number };
  linear: { intercept: number; slope: number; sse: number };
  /** Absent when there are too few distinct x values to place a breakpoint. */
  hinge?: HingeFit;
  /** BIC of each model (lower is better). */
  bic: { flat: number; linear: number; hinge?: number };
}

/**
 * Options of {@link fitLoadCurve}.
 *
 * @example { minSegmentLevels: 4, maxCandidates: 100 }
 */
export interface FitOptions {
  /** Distinct x values needed on each side of a breakpoint (the breakpoint counts as below). Default 3. */
  minSegmentLevels?: number;
  /** Most breakpoints tried, spread evenly over the distinct x values. Default 200. */
  maxCandidates?: number;
}

/**
 * Fits y against x with the flat, linear and hinge models and picks the one with the lowest BIC
 * (n·ln(SSE/n) + p·ln n with p = 1, 2 and 4: the breakpoint counts as a parameter).
 *
 * Breakpoints are tried at the observed x values only, which for VU levels (integers) is exact.
 * With more levels than `maxCandidates`, an evenly spread sample is tried first, then every level
 * between the best sample's neighbours. Cost: O(n · candidates).
 *
 * @throws RangeError when x and y differ in length or hold a non-finite number.
 * @example
 * const x = [10, 20, 30, 40, 50, 60, 70, 80];
 * const y = x.map((v) => (v <= 50 ? 100 : 100 + 4 * (v - 50)));
 * fitLoadCurve(x, y).hinge?.breakpoint // 50
 */
export function fitLoadCurve(
  x: readonly number[],
  y: readonly number[],
  options: FitOptions = {},
): LoadCurveFit {
  if (x.length !== y.length)
    throw new RangeError(`fitLoadCurve: ${x.length} x values but ${y.length} y values`);
  for (let i = 0; i < x.length; i++) {
    if (!(Number.isFinite(x[i]) && Number.isFinite(y[i]))) {
      throw new RangeError(`fitLoadCurve: point ${i} is not finite (x ${x[i]}, y ${y[i]})`);
    }
  }
  const n = x.length;
  const minLevels = options.minSegmentLevels ?? 3;
  const maxCandidates = options.maxCandidates ?? 200;
  const mean = n > 0 ? sum(y) / n : 0;
  const flatSse = sumSquares(y, () => mean);
  const linear = fitLine(x, y);
  // Exact data would give SSE 0 and a BIC of -Infinity for every model that fits it; a floor far
  // below any real noise makes such ties go to the simpler model, as the penalty intends.
  const floor =
    1e-12 *
      Math.max(
        flatSse,
        sumSquares(y, () => 0),
      ) +
    1e-300;
  const bic = (sse: number, p: number) => n * Math.log(Math.max(sse, floor) / n) + p * Math.log(n);
  const flatBic = bic(flatSse, 1);
  const linearBic = bic(linear.sse, 2);
  const levels = [...new Set(x)].sort((p, q) => p - q);
  const candidates = candidateBreakpoints(levels, minLevels, maxCandidates);
  let best: HingeFit | undefined;
  const consider = (k: number) => {
    const fit = fitHinge(x, y, k);
    if (fit && (!best || fit.sse < best.sse)) best = fit;
  };
  for (const k of candidates) consider(k);
  // When only a sample of the levels was tried, try every level between the best one's neighbours.
  const bestBreakpoint = (best as HingeFit | undefined)?.breakpoint;
  if (bestBreakpoint !== undefined && candidates.length < levels.length) {
    const at = candidates.indexOf(bestBreakpoint);
    const low = candidates[Math.max(0, at - 1)] as number;
    const high = candidates[Math.min(candidates.length - 1, at + 1)] as number;
    for (const k of levels) if (k > low && k < high && k !== bestBreakpoint) consider(k);
  }
  const hingeBic = best ? bic(best.sse, 4) : undefined;
  let model: CurveModel = "flat";
  let lowest = flatBic;
  if (linearBic < lowest) {
    model = "linear";
    lowest = linearBic;
  }
  if (hingeBic !== undefined && hingeBic < lowest) model = "hinge";
  const result: LoadCurveFit = {
    n,
    model,
    flat: { level: mean, sse: flatSse },
    linear,
    bic: { flat: flatBic, linear: linearBic },
  };
  if (best && hingeBic !== undefined) {
    result.hinge = best;
    result.bic.hinge = hingeBic;
  }
  return result;
}

/**
 * The value the preferred model of `fit` predicts at `x`.
 *
 * @example predictLoadCurve(fit, 80) // p95 the model expects at 80 VUs
 */
export function predictLoadCurve(fit: LoadCurveFit, x: number): number {
  if (fit.model === "flat") return fit.flat.level;
  if (fit.model === "linear" || !fit.hinge) return fit.linear.intercept + fit.linear.slope * x;
  return predictHinge(fit.hinge, x);
}

/**
 * The value a hinge fit predicts at `x`.
 *
 * @example predictHinge({ breakpoint: 50, intercept: 0, slopeBefore: 2, slopeAfter: 0, sse: 0 }, 80) // 100
 */
export function predictHinge(h: HingeFit, x: number): number {
  return h.intercept + h.slopeBefore * x + (h.slopeAfter - h.slopeBefore) * Math.max(0, x - h.breakpoint);
}

function candidateBreakpoints(levels: readonly number[], minLevels: number, maxCandidates: number): number[] {
  const first = minLevels - 1;
  const last = levels.length - 1 - minLevels;
  if (last < first) return [];
  const span = last - first + 1;
  if (span <= maxCandidates) return levels.slice(first, last + 1);
  const picked: number[] = [];
  for (let c = 0; c < maxCandidates; c++) {
    picked.push(levels[first + Math.round((c * (span - 1)) / (maxCandidates - 1))] as number);
  }
  return [...new Set(picked)];
}

function fitLine(
  x: readonly number[],
  y: readonly number[],
): { intercept: number; slope: number; sse: number } {
  const n = x.length;
  if (n === 0) return { intercept: 0, slope: 0, sse: 0 };
  const mx = sum(x) / n;
  const my = sum(y) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    sxx += dx * dx;
    sxy += dx * ((y[i] as number) - my);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const intercept = my - slope * mx;
  return { intercept, slope, sse: sumSquares(y, (i) => intercept + slope * (x[i] as number)) };
}

/**
 * Least squares on the basis (1, x − x̄, max(0, x − k)), centred for conditioning, solved by
 * Gaussian elimination with partial pivoting; undefined when the system is singular.
 */
function fitHinge(x: readonly number[], y: readonly number[], k: number): HingeFit | undefined {
  const n = x.length;
  const mx = sum(x) / n;
  const m = [
    [0, 0, 0, 0],
    [0, 0, 0, 0],
    [0, 0, 0, 0],
  ];
  for (let i = 0; i < n; i++) {
    const row = [1, (x[i] as number) - mx, Math.max(0, (x[i] as number) - k)];
    const yi = y[i] as number;
    for (let r = 0; r < 3; r++) {
      const mr = m[r] as number[];
      for (let c = 0; c < 3; c++) mr[c] = (mr[c] as number) + (row[r] as number) * (row[c] as number);
      mr[3] = (mr[3] as number) + (row[r] as number) * yi;
    }
  }
  const solution = solve3(m);
  if (!solution) return undefined;
  const [a0, b, c] = solution;
  const intercept = a0 - b * mx;
  const h: HingeFit = { breakpoint: k, intercept, slopeBefore: b, slopeAfter: b + c, sse: 0 };
  h.sse = sumSquares(y, (i) => predictHinge(h, x[i] as number));
  return h;
}

function solve3(m: number[][]): [number, number, number] | undefined {
  const scale = Math.max(...m.map((row) => Math.max(...row.slice(0, 3).map(Math.abs))));
  for (let col = 0; col < 3; col++) {
    let pivot = col;
    for (let r = col + 1; r < 3; r++) {
      if (Math.abs((m[r] as number[])[col] as number) > Math.abs((m[pivot] as number[])[col] as number))
        pivot = r;
    }
    [m[col], m[pivot]] = [m[pivot] as number[], m[col] as number[]];
    const p = (m[col] as number[])[col] as number;
    if (!(Math.abs(p) > 1e-12 * scale)) return undefined;
    for (let r = 0; r < 3; r++) {
      if (r === col) continue;
      const f = ((m[r] as number[])[col] as number) / p;
      for (let c = col; c < 4; c++) {
        (m[r] as number[])[c] = ((m[r] as number[])[c] as number) - f * ((m[col] as number[])[c] as number);
      }
    }
  }
  return [0, 1, 2].map((i) => ((m[i] as number[])[3] as number) / ((m[i] as number[])[i] as number)) as [
    number,
    number,
    number,
  ];
}

function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

function sumSquares(y: readonly number[], predict: (i: number) => number): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const r = (y[i] as number) - predict(i);
    s += r * r;
  }
  return s;
}
