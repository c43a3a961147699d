import type { Sink } from "@barrage/runner";
import type pg from "pg";
import { METRIC_TYPES, type MetricType } from "../batch/metric-batch.js";
import { pointScope, type Selection, type TimeWindow } from "./point-scope.js";
import { aggregateScope, type ScopeAggregate } from "./scope-aggregates.js";

/** A metric or sub-metric to build a whole-run sink for, with its metric's type. */
export interface SinkTarget extends Selection {
  type: MetricType;
}

/**
 * k6 sinks (what thresholds and the end-of-test summary read) for metrics and sub-metrics of a run,
 * computed from every agent's points: counters and rates summed, gauges by the summed-gauge rule,
 * trends merged. A trend sink answers `percentile(q)` for the `quantiles` fetched; a target without
 * points has no entry, as a k6 metric without samples has no sink.
 *
 * @example
 * const sinks = await querySinks(pool, runId, [{ name: "http_req_duration{status:200}",
 *   metric: "http_req_duration", tags: { status: "200" }, type: "trend" }], [0.95]);
 * sinks.get("http_req_duration{status:200}")?.percentile(0.95);
 */
export async function querySinks(
  pool: pg.Pool,
  runId: number,
  targets: readonly SinkTarget[],
  quantiles: readonly number[],
  window?: TimeWindow,
): Promise<Map<string, Sink>> {
  const sinks = new Map<string, Sink>();
  for (const type of METRIC_TYPES) {
    const ofType = targets.filter((t) => t.type === type);
    if (ofType.length === 0) continue;
    const aggregates = await aggregateScope(pool, pointScope(runId, ofType, window), type, quantiles);
    for (const [name, aggregate] of aggregates) sinks.set(name as string, toSink(aggregate, quantiles));
  }
  return sinks;
}

function toSink(aggregate: ScopeAggregate, quantiles: readonly number[]): Sink {
  switch (aggregate.type) {
    case "counter":
      return { type: "counter", count: aggregate.sum };
    case "gauge":
      return { type: "gauge", value: aggregate.value, min: aggregate.min, max: aggregate.max };
    case "rate":
      return { type: "rate", passes: aggregate.nonzero, fails: aggregate.total - aggregate.nonzero };
    case "trend": {
      const { count, sum, min, max, percentiles } = aggregate;
      return {
        type: "trend",
        count,
        sum,
        min,
        max,
        percentile(q) {
          const at = quantiles.indexOf(q);
          if (at === -1) {
            throw new RangeError(
              `percentile ${q} was not fetched from the database; the sinks were built for ${quantiles.join(", ")}`,
            );
          }
          return percentiles[at] as number;
        },
      };
    }
  }
}
