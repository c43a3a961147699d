/** Units per unit of the metric: three decimals are kept exactly (µs for milliseconds). */
const SCALE = 1000;

/**
 * Converts a metric value in its own unit (milliseconds for times) to integer histogram units,
 * rounding to the nearest thousandth; negative values clamp to 0 because the scheme has no negatives.
 *
 * @example toUnits(12.3456) // 12346
 */
export function toUnits(value: number): number {
  return value > 0 ? Math.round(value * SCALE) : 0;
}

/**
 * Converts histogram units back to the metric's own unit.
 *
 * @example fromUnits(12346) // 12.346
 */
export function fromUnits(units: number): number {
  return units / SCALE;
}
