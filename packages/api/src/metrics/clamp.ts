/**
 * A percentile read from a histogram (bucket midpoint, in the metric's unit), clamped to the exact
 * extremes the runner measured, as the runner's own trend sinks do; so a single-valued trend reports
 * its exact value rather than the value rounded to 1/1000.
 *
 * @example clampToRange(3.142, 3.14159, 3.14159) // 3.14159
 */
export function clampToRange(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
