import type { RunContext } from "../context.js";

/** Fewer distinct VU levels than this and there is no curve to speak of (3 on each side of a knee). */
export const MIN_LEVELS = 6;

/**
 * A per-bucket quantity summarised per VU level.
 *
 * @example { levels: [10, 20, 30], values: [98, 101, 140] }
 */
export interface LevelCurve {
  /** Distinct VU counts (rounded), ascending. */
  levels: number[];
  /** The median of the quantity over the buckets at that level. */
  values: number[];
}

/**
 * Groups buckets by their VU count and takes the median of `value` at each level. The median, not
 * the mean, so that one slow second (a GC pause, a cold cache) does not bend the curve; levels make
 * a ramp that passes a level twice (up and down) count it once.
 *
 * @example curveByLevel(ctx, (i) => ctx.p95[i])
 */
export function curveByLevel(ctx: RunContext, value: (i: number) => number): LevelCurve {
  const byLevel = new Map<number, number[]>();
  for (let i = 0; i < ctx.buckets; i++) {
    const vus = ctx.vus[i] as number;
    const v = value(i);
    if (!(vus >= 1) || !Number.isFinite(v)) continue;
    const level = Math.round(vus);
    const list = byLevel.get(level);
    if (list) list.push(v);
    else byLevel.set(level, [v]);
  }
  const levels = [...byLevel.keys()].sort((a, b) => a - b);
  return { levels, values: levels.map((level) => median(byLevel.get(level) as number[])) };
}

/**
 * The time span during which VUs were at or above `level`: from the first such bucket's start to
 * the last one's end.
 *
 * @example spanAtOrAbove(ctx, 50) // { from, to }
 */
export function spanAtOrAbove(ctx: RunContext, level: number): { from: number; to: number } {
  let first = -1;
  let last = -1;
  for (let i = 0; i < ctx.buckets; i++) {
    if (Math.round(ctx.vus[i] as number) >= level) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) return { from: ctx.run.startedAt, to: ctx.run.endedAt };
  return { from: ctx.bucketStart(first), to: ctx.bucketEnd(last) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
