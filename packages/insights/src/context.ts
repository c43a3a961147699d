import type { Point, RunSeries } from "./types.js";

/**
 * k6 Cloud's insights need "100 complete VU iterations of training data": the failure rate at the
 * start of the test is measured over them, and a run with fewer is judged too small to analyse.
 *
 * @example ctx.totalIterations < TRAINING_ITERATIONS
 */
export const TRAINING_ITERATIONS = 100;

/**
 * The start of the test that the failure-rate insights compare against: from the first bucket to
 * the bucket in which the 100th iteration completed.
 *
 * @example { lastBucket: 9, completedAt: startedAt + 10_000, requests: 1000, failures: 12 }
 */
export interface TrainingWindow {
  /** Index of the bucket in which the 100th iteration completed. */
  lastBucket: number;
  /** End of that bucket (epoch ms), clamped to the run. */
  completedAt: number;
  requests: number;
  failures: number;
}

/**
 * A run's series laid on one bucket grid, computed once and shared by every insight.
 * Bucket i covers [origin + i·periodMs, origin + (i + 1)·periodMs).
 *
 * @example const ctx = prepareRun(run); ctx.requests[ctx.buckets - 1]
 */
export interface RunContext {
  run: RunSeries;
  origin: number;
  periodMs: number;
  buckets: number;
  /** Gauges: NaN where the bucket has no point. */
  vus: Float64Array;
  p95: Float64Array;
  /** Counts: 0 where the bucket has no point. */
  iterations: Float64Array;
  requests: Float64Array;
  failures: Float64Array;
  totalIterations: number;
  totalRequests: number;
  totalFailures: number;
  training: TrainingWindow | undefined;
  /** Sums a count series onto the grid. */
  counts(points: readonly Point[]): Float64Array;
  /** Lays a gauge series on the grid (the last point of a bucket wins; NaN where none). */
  gauge(points: readonly Point[]): Float64Array;
  /** Start of bucket i, clamped to the run (epoch ms). */
  bucketStart(i: number): number;
  /** End of bucket i, clamped to the run (epoch ms). */
  bucketEnd(i: number): number;
}

/**
 * Checks a run's bounds and lays its series on the bucket grid. The grid's origin is `startedAt`
 * rounded down to a multiple of `periodMs`, so that it matches both a store that buckets on the
 * epoch and one that buckets from the run's start.
 *
 * @throws RangeError when `periodMs` is not positive or the bounds are not finite or reversed.
 * @example prepareRun(run).training?.completedAt
 */
export function prepareRun(run: RunSeries): RunContext {
  const { startedAt, endedAt, periodMs } = run;
  if (!(Number.isFinite(periodMs) && periodMs > 0)) {
    throw new RangeError(`insights: periodMs must be a positive number of milliseconds, got ${periodMs}`);
  }
  if (!(Number.isFinite(startedAt) && Number.isFinite(endedAt) && endedAt >= startedAt)) {
    throw new RangeError(`insights: need startedAt <= endedAt (epoch ms), got ${startedAt} and ${endedAt}`);
  }
  const origin = Math.floor(startedAt / periodMs) * periodMs;
  const buckets = Math.max(1, Math.ceil((endedAt - origin) / periodMs));
  const indexOf = (time: number) => Math.floor((time - origin) / periodMs);
  const counts = (points: readonly Point[]) => {
    const out = new Float64Array(buckets);
    for (const p of points) {
      const i = indexOf(p.time);
      if (i >= 0 && i < buckets && Number.isFinite(p.value)) out[i] = (out[i] as number) + p.value;
    }
    return out;
  };
  const gauge = (points: readonly Point[]) => {
    const out = new Float64Array(buckets).fill(Number.NaN);
    for (const p of points) {
      const i = indexOf(p.time);
      if (i >= 0 && i < buckets && Number.isFinite(p.value)) out[i] = p.value;
    }
    return out;
  };
  const clamp = (t: number) => Math.min(endedAt, Math.max(startedAt, t));
  const iterations = counts(run.iterations);
  const requests = counts(run.requests);
  const failures = counts(run.failures);
  const context: RunContext = {
    run,
    origin,
    periodMs,
    buckets,
    vus: gauge(run.vus),
    p95: gauge(run.p95),
    iterations,
    requests,
    failures,
    totalIterations: total(iterations),
    totalRequests: total(requests),
    totalFailures: total(failures),
    training: undefined,
    counts,
    gauge,
    bucketStart: (i) => clamp(origin + i * periodMs),
    bucketEnd: (i) => clamp(origin + (i + 1) * periodMs),
  };
  context.training = trainingWindow(context);
  return context;
}

function trainingWindow(ctx: RunContext): TrainingWindow | undefined {
  let done = 0;
  let requests = 0;
  let failures = 0;
  for (let i = 0; i < ctx.buckets; i++) {
    done += ctx.iterations[i] as number;
    requests += ctx.requests[i] as number;
    failures += ctx.failures[i] as number;
    if (done >= TRAINING_ITERATIONS) {
      return { lastBucket: i, completedAt: ctx.bucketEnd(i), requests, failures };
    }
  }
  return undefined;
}

function total(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
