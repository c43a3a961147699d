import type { MetricType, ValueContains } from "../batch/metric-batch.js";

/** A metric as thresholds and the summary need it: name, type, unit. */
export interface MetricInfo {
  name: string;
  type: MetricType;
  contains: ValueContains;
}

/**
 * k6's built-in metrics (docs/reference/k6-semantics.md), which thresholds may name before any agent
 * sent a sample of them. The runner registers the same list; it does not export it.
 */
export const BUILTIN_METRICS: readonly MetricInfo[] = [
  { name: "vus", type: "gauge", contains: "default" },
  { name: "vus_max", type: "gauge", contains: "default" },
  { name: "iterations", type: "counter", contains: "default" },
  { name: "iteration_duration", type: "trend", contains: "time" },
  { name: "dropped_iterations", type: "counter", contains: "default" },
  { name: "data_sent", type: "counter", contains: "data" },
  { name: "data_received", type: "counter", contains: "data" },
  { name: "checks", type: "rate", contains: "default" },
  { name: "group_duration", type: "trend", contains: "time" },
  { name: "http_reqs", type: "counter", contains: "default" },
  { name: "http_req_failed", type: "rate", contains: "default" },
  ...[
    "http_req_duration",
    "http_req_blocked",
    "http_req_connecting",
    "http_req_tls_handshaking",
    "http_req_sending",
    "http_req_waiting",
    "http_req_receiving",
  ].map((name): MetricInfo => ({ name, type: "trend", contains: "time" })),
];
