import type { Histogram } from "@barrage/hdr-native";

/**
 * One bucket of a time series: `time` is the bucket's start (epoch ms), `value` its aggregate.
 * Buckets may be missing (no data); counts are then taken as 0 and gauges as unknown.
 *
 * @example { time: 1_700_000_000_000, value: 42 }
 */
export interface Point {
  time: number;
  value: number;
}

/**
 * An HDR histogram of `@barrage/hdr-native`, either as the object or in its version-1 encoding
 * (what the metric store keeps). Values are in histogram units: microseconds for times.
 *
 * @example encodeHistogram(h) // or h itself
 */
export type HistogramInput = Histogram | Uint8Array;

/**
 * One request `name` (the URL unless the script set `tags: {name}`), with its own counts. The
 * platform may send only the busiest names; the number of distinct names goes in
 * {@link Cardinality.urls}.
 *
 * @example { name: "GET /cart", method: "GET", requests, failures, statuses: [{ status: "503", failures }] }
 */
export interface UrlSeries {
  /** Value of the `name` tag. */
  name: string;
  /** Value of the `method` tag, when the series is split by method. */
  method?: string;
  /** `http_reqs` count per bucket for this name. */
  requests: Point[];
  /** Failed requests per bucket (the non-zero part of `http_req_failed`) for this name. */
  failures: Point[];
  /**
   * Failed requests per bucket of this name split by `status` tag (`"0"` for network errors), so
   * that a burst can name both. Optional: without it a URL burst names no status.
   */
  statuses?: StatusSeries[];
}

/**
 * Failed requests per bucket with one `status` tag value.
 *
 * @example { status: "503", failures: [{ time, value: 17 }] }
 */
export interface StatusSeries {
  status: string;
  failures: Point[];
}

/**
 * One load zone's totals over the run (or over the part analysed).
 *
 * @example { zone: "amazon:ie:dublin", requests: 12000, p95: 182.4, histogram: bytes }
 */
export interface ZoneStats {
  /** Value of the `load_zone` tag. */
  zone: string;
  /** `http_reqs` count in this zone. */
  requests: number;
  /** p95 of `http_req_duration` in this zone, ms. Ignored when `histogram` is given. */
  p95?: number;
  /** Merged `http_req_duration` histogram of this zone (µs units); enables a significance test. */
  histogram?: HistogramInput;
}

/**
 * How many distinct things the run produced, for the best-practice insights.
 *
 * @example { urls: 12, groups: 3, metrics: 24, timeSeries: 410 }
 */
export interface Cardinality {
  /** Distinct `name` tag values of `http_reqs` (k6 counts names, so `tags: {name}` groups URLs). */
  urls: number;
  /** Distinct non-root `group` tag values. */
  groups: number;
  /** Distinct metric names, built-in and custom. */
  metrics: number;
  /** Distinct (metric, tag set) pairs. */
  timeSeries: number;
}

/**
 * Requests sent to one host (the host part of the `url` tag).
 *
 * @example { host: "cdn.example.com", requests: 340 }
 */
export interface HostRequests {
  host: string;
  requests: number;
}

/**
 * What one load generator reported about itself, one point per heartbeat or bucket.
 * Memory is judged as a percentage: give `memoryPercent`, or `memoryBytes` with `memoryLimitBytes`.
 *
 * @example { agent: "i-0abc", zone: "local", cpuPercent, memoryBytes, memoryLimitBytes: 2 ** 31 }
 */
export interface AgentSeries {
  /** The agent's instance id (the `instance_id` tag). */
  agent: string;
  /** Its load zone. */
  zone?: string;
  /** CPU time as a percentage of one core (the heartbeat's `cpuPercent`; 100 is a saturated event loop). */
  cpuPercent: Point[];
  /** Memory in use as a percentage of the memory available to the agent. */
  memoryPercent?: Point[];
  /** Resident memory in bytes (the heartbeat's `memoryBytes`); used with `memoryLimitBytes`. */
  memoryBytes?: Point[];
  /** Memory available to the agent: the instance's memory or its cgroup limit, whichever is lower. */
  memoryLimitBytes?: number;
}

/**
 * The run a regression is measured against: an earlier run of the same test.
 *
 * @example { runId: "r_123", durationHistogram: bytes }
 */
export interface Baseline {
  runId: string;
  /** Merged `http_req_duration` histogram of the whole baseline run (µs units). */
  durationHistogram: HistogramInput;
}

/**
 * The aggregated series of one run: everything the insights read. Every series shares one bucket
 * grid of `periodMs` (bucket `time`s are the bucket starts); a live run passes `endedAt = now`.
 * Aggregates are over all agents, never one agent's share.
 *
 * @example
 * const run: RunSeries = {
 *   startedAt, endedAt, periodMs: 1000,
 *   vus, iterations, requests, failures, p95,
 *   urls: [], statuses: [], zones: [], hosts: [], agents: [],
 *   cardinality: { urls: 3, groups: 1, metrics: 20, timeSeries: 150 },
 * };
 */
export interface RunSeries {
  /** Start of the test (epoch ms). */
  startedAt: number;
  /** End of the test, or now while it runs (epoch ms). */
  endedAt: number;
  /** Bucket width of every series, ms (the aggregation period, usually 1000). */
  periodMs: number;
  /** `vus` gauge per bucket (the last or the largest value in the bucket). */
  vus: Point[];
  /** Completed iterations per bucket (`iterations` counter). */
  iterations: Point[];
  /** `http_reqs` count per bucket. */
  requests: Point[];
  /** Failed requests per bucket: the non-zero count of `http_req_failed`. */
  failures: Point[];
  /** p95 of `http_req_duration` per bucket, ms, from the merged histograms of that bucket. */
  p95: Point[];
  /** Per request name, for error bursts tied to a URL. */
  urls: UrlSeries[];
  /** Failed requests per bucket by `status` over all names, for error bursts tied to a status. */
  statuses: StatusSeries[];
  /** Per load zone totals, for the uneven zone insight. */
  zones: ZoneStats[];
  /** Requests per host, for the third-party content insight. */
  hosts: HostRequests[];
  /** Load generator CPU and memory. */
  agents: AgentSeries[];
  /** Distinct URLs, groups, metrics and time series. */
  cardinality: Cardinality;
  /** Merged `http_req_duration` histogram of the whole run (µs), for the baseline comparison. */
  durationHistogram?: HistogramInput;
  /** The run to compare with, if the test has one. */
  baseline?: Baseline;
}

/** How serious a finding is. */
export type Severity = "info" | "warning" | "critical";

/**
 * One finding about a run.
 *
 * @example
 * {
 *   id: "http_load_high_http_failure_rate", severity: "critical",
 *   title: "High HTTP failure rate: 38.0% of requests failed at the start of the test",
 *   explanation: "…", from, to, metric: "http_req_failed", filter: {},
 *   values: { failureRate: 0.38, requests: 1200, failures: 456 },
 * }
 */
export interface Insight {
  /** `<set>_<name>`, as k6 keys its insights; one insight per id per run. */
  id: string;
  severity: Severity;
  /** One line, with the key number. */
  title: string;
  /** What was seen, with the numbers and the time range, and what it usually means. */
  explanation: string;
  /** Start of the time range the insight is based on (epoch ms). */
  from?: number;
  /** End of that time range (epoch ms). */
  to?: number;
  /** The metric whose series shows it. */
  metric?: string;
  /** Tag filter on `metric` that selects the series that shows it; empty for the whole run. */
  filter?: Record<string, string>;
  /** The numbers behind the text, for a UI or a test to read without parsing. */
  values?: Record<string, number | string>;
}
