import type { TrendSink } from "./metric.js";

/**
 * A trend sink over exact samples, with k6's percentile (linear interpolation between the closest
 * ranks, as in k6's TrendSink.P), so tests can state expected values by hand.
 */
export function trendOf(samples: readonly number[]): TrendSink {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    type: "trend",
    count: sorted.length,
    sum: sorted.reduce((total, v) => total + v, 0),
    min: sorted[0] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
    percentile(q) {
      if (sorted.length === 0) return 0;
      const rank = q * (sorted.length - 1);
      const low = sorted[Math.floor(rank)] as number;
      const high = sorted[Math.ceil(rank)] as number;
      return low + (high - low) * (rank - Math.floor(rank));
    },
  };
}
