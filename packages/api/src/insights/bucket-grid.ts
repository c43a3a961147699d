import { type PointScope, pointScope, type Selection } from "../metrics/queries/point-scope.js";

/**
 * The bucket width of every series handed to the insights: one second, the agents' aggregation
 * period, so that a short burst or a one-second dip is not averaged away.
 */
export const INSIGHT_PERIOD_MS = 1000;

/**
 * A scope over a run's points of `selections`, grouped into one-second buckets aligned to the Unix
 * epoch (the group is the bucket's start in epoch ms). The epoch, not the run's start, because the
 * insights lay every series on a grid whose origin is the start rounded down to a whole second,
 * and because it is the alignment `queryTimeSeries` uses with `origin: 0`: every series of one
 * run then shares one grid. A period counts in the bucket holding its midpoint.
 *
 * @example const scope = secondBuckets(runId, [{ name: "requests", metric: "http_reqs", tags: {} }]);
 */
export function secondBuckets(runId: number, selections: readonly Selection[]): PointScope {
  return pointScope(runId, selections, {}, { seconds: INSIGHT_PERIOD_MS / 1000, origin: 0 });
}

/**
 * Adds `value` to the point at `time` of a series kept as a map (created on first use).
 *
 * @example addPoint(perBucket, 1_700_000_000_000, 3)
 */
export function addPoint(series: Map<number, number>, time: number, value: number): void {
  series.set(time, (series.get(time) ?? 0) + value);
}

/**
 * Adds `value` to the point at `time` of the series of `key`, among series kept by key.
 *
 * @example addKeyedPoint(byStatus, "503", 1_700_000_000_000, 2)
 */
export function addKeyedPoint(
  byKey: Map<string, Map<number, number>>,
  key: string,
  time: number,
  value: number,
): void {
  let series = byKey.get(key);
  if (!series) {
    series = new Map();
    byKey.set(key, series);
  }
  addPoint(series, time, value);
}

/**
 * A map of bucket start → value as the insights' `Point[]`, in time order.
 *
 * @example toPoints(new Map([[2000, 1], [1000, 4]])) // [{ time: 1000, value: 4 }, { time: 2000, value: 1 }]
 */
export function toPoints(series: ReadonlyMap<number, number>): { time: number; value: number }[] {
  return [...series].map(([time, value]) => ({ time, value })).sort((a, b) => a.time - b.time);
}
