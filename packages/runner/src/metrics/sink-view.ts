import type { Aggregate } from "./aggregate.js";
import { trendPercentile } from "./aggregate.js";

/** A whole-test aggregate as thresholds and the summary read it (k6's sink values). */
export type SinkView =
  | { type: "counter"; count: number }
  | { type: "gauge"; value: number; min: number; max: number }
  | { type: "rate"; passes: number; fails: number }
  | { type: "trend"; count: number; sum: number; min: number; max: number; percentile(q: number): number };

/** Reads an aggregate as k6's sink values: counter count, gauge value, rate passes/fails, trend stats. */
export function sinkView(agg: Aggregate): SinkView {
  switch (agg.type) {
    case "counter":
      return { type: "counter", count: agg.sum };
    case "gauge":
      return { type: "gauge", value: agg.last, min: agg.count ? agg.min : 0, max: agg.count ? agg.max : 0 };
    case "rate":
      return { type: "rate", passes: agg.nonzero, fails: agg.total - agg.nonzero };
    case "trend":
      return {
        type: "trend",
        count: agg.count,
        sum: agg.sum,
        min: agg.count ? agg.min : 0,
        max: agg.count ? agg.max : 0,
        percentile: (q) => trendPercentile(agg, q),
      };
  }
}
