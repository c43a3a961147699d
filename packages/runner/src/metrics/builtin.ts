import { type Metric, MetricRegistry } from "./metric.js";

/** k6's built-in metrics, registered at the start of every run so thresholds can name them. */
export interface BuiltinMetrics {
  vus: Metric;
  vus_max: Metric;
  iterations: Metric;
  iteration_duration: Metric;
  dropped_iterations: Metric;
  data_sent: Metric;
  data_received: Metric;
  checks: Metric;
  group_duration: Metric;
  http_reqs: Metric;
  http_req_failed: Metric;
  http_req_duration: Metric;
  http_req_blocked: Metric;
  http_req_connecting: Metric;
  http_req_tls_handshaking: Metric;
  http_req_sending: Metric;
  http_req_waiting: Metric;
  http_req_receiving: Metric;
}

/** Registers k6's built-in metrics with their k6 types. */
export function registerBuiltinMetrics(registry: MetricRegistry): BuiltinMetrics {
  const time = (name: string) => registry.define(name, "trend", "time");
  return {
    vus: registry.define("vus", "gauge"),
    vus_max: registry.define("vus_max", "gauge"),
    iterations: registry.define("iterations", "counter"),
    iteration_duration: time("iteration_duration"),
    dropped_iterations: registry.define("dropped_iterations", "counter"),
    data_sent: registry.define("data_sent", "counter", "data"),
    data_received: registry.define("data_received", "counter", "data"),
    checks: registry.define("checks", "rate"),
    group_duration: time("group_duration"),
    http_reqs: registry.define("http_reqs", "counter"),
    http_req_failed: registry.define("http_req_failed", "rate"),
    http_req_duration: time("http_req_duration"),
    http_req_blocked: time("http_req_blocked"),
    http_req_connecting: time("http_req_connecting"),
    http_req_tls_handshaking: time("http_req_tls_handshaking"),
    http_req_sending: time("http_req_sending"),
    http_req_waiting: time("http_req_waiting"),
    http_req_receiving: time("http_req_receiving"),
  };
}

/**
 * k6's built-in metrics as descriptions, for code that judges metrics it did not record itself:
 * the platform binds thresholds to them before any agent has sent a sample.
 */
export const BUILTIN_METRICS: readonly Metric[] = (() => {
  const registry = new MetricRegistry();
  registerBuiltinMetrics(registry);
  return registry.all();
})();
