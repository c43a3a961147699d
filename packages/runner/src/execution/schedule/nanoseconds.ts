/** Nanoseconds in a millisecond. */
export const NS_PER_MS = 1_000_000;

/**
 * A duration in ms as whole nanoseconds, the unit k6 schedules in (`time.Duration`). Options hold
 * ms as numbers, possibly fractional (`"10us"` is 0.01); rounding to whole ns here lets the plan
 * compare and divide exactly, as k6 does.
 */
export function toNanos(ms: number): bigint {
  return BigInt(Math.round(ms * NS_PER_MS));
}

/** Whole nanoseconds back to ms. */
export function toMs(ns: bigint): number {
  return Number(ns) / NS_PER_MS;
}
