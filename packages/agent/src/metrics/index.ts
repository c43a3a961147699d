/**
 * The agent's metric output: runner batches, with the agent's own CPU and memory gauges added, as
 * stream documents shipped in order and resent after failures.
 */
export { MetricShipper, type MetricShipperOptions } from "./metric-shipper.js";
export { type GaugeAggregate, type SelfUsage, SelfUsageSampler } from "./self-usage.js";
export {
  type AgentTags,
  SELF_USAGE_METRICS,
  SelfUsageOutput,
  type SelfUsageOutputOptions,
} from "./self-usage-output.js";
export { toStreamDocument } from "./stream-document.js";
