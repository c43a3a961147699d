import type { TimeSeries, TimeSeriesPoint } from "../graphql/index.js";

/** A bucket of a series with its time as epoch milliseconds, ready to chart. */
export interface LivePoint {
  t: number;
  value: number;
  p50?: number | null | undefined;
  p95?: number | null | undefined;
  p99?: number | null | undefined;
}

/** The points of each metric, each sorted by time with one point per time. */
export type LiveSeries = Readonly<Record<string, readonly LivePoint[]>>;

/** A point of the API as a {@link LivePoint}. */
export function toLivePoint(point: TimeSeriesPoint): LivePoint {
  return { t: Date.parse(point.time), value: point.value, p50: point.p50, p95: point.p95, p99: point.p99 };
}

/** Index of the first point at or after `t`. */
function lowerBound(points: readonly LivePoint[], t: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((points[mid] as LivePoint).t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Merges buckets into a sorted series by time. The live stream sends a bucket again, complete,
 * when later agents add to it, so by default an incoming point replaces the one at its time;
 * with `keepExisting` it only fills gaps (for a query's answer that may be older than the stream's).
 * Returns a new array when anything changed, the same one otherwise.
 *
 * @example
 * mergePoints([{t: 0, value: 1}, {t: 1000, value: 2}], [{t: 1000, value: 3}, {t: 2000, value: 4}])
 * // [{t: 0, value: 1}, {t: 1000, value: 3}, {t: 2000, value: 4}]
 */
export function mergePoints(
  existing: readonly LivePoint[],
  incoming: readonly LivePoint[],
  { keepExisting = false } = {},
): readonly LivePoint[] {
  if (incoming.length === 0) return existing;
  const merged = existing.slice();
  let changed = false;
  for (const point of incoming) {
    if (!Number.isFinite(point.t)) continue;
    const last = merged[merged.length - 1];
    if (!last || last.t < point.t) {
      merged.push(point);
      changed = true;
      continue;
    }
    const at = lowerBound(merged, point.t);
    if (merged[at]?.t === point.t) {
      if (keepExisting) continue;
      merged[at] = point;
    } else merged.splice(at, 0, point);
    changed = true;
  }
  return changed ? merged : existing;
}

/** Applies series of the API (a live update or a query's answer) to the points of each metric. */
export function mergeSeries(
  current: LiveSeries,
  series: readonly Pick<TimeSeries, "metric" | "points">[],
  options: { keepExisting?: boolean } = {},
): LiveSeries {
  let next: Record<string, readonly LivePoint[]> | undefined;
  for (const { metric, points } of series) {
    const before = next?.[metric] ?? current[metric] ?? [];
    const after = mergePoints(before, points.map(toLivePoint), options);
    if (after !== before) {
      next ??= { ...current };
      next[metric] = after;
    }
  }
  return next ?? current;
}

/** The time of the earliest bucket of any metric: when the run's first metrics were made. */
export function firstPointAt(series: LiveSeries): number | undefined {
  let first: number | undefined;
  for (const points of Object.values(series)) {
    const t = points[0]?.t;
    if (t !== undefined && (first === undefined || t < first)) first = t;
  }
  return first;
}
