/**
 * The parts of the API's types (packages/api/src/graphql/schema.graphql) the app reads, written
 * out by hand: the app selects few fields, and a code generator would cost more than it saves.
 */

/** A run's status (k6 Cloud's model). */
export type RunStatus =
  | "CREATED"
  | "VALIDATED"
  | "QUEUED"
  | "INITIALIZING"
  | "RUNNING"
  | "FINISHED"
  | "TIMED_OUT"
  | "ABORTED_BY_USER"
  | "ABORTED_BY_SYSTEM"
  | "ABORTED_BY_SCRIPT_ERROR"
  | "ABORTED_BY_THRESHOLD"
  | "ABORTED_BY_LIMIT";

/** Statuses after which a run never changes again. */
export const FINAL_STATUSES: ReadonlySet<RunStatus> = new Set<RunStatus>([
  "FINISHED",
  "TIMED_OUT",
  "ABORTED_BY_USER",
  "ABORTED_BY_SYSTEM",
  "ABORTED_BY_SCRIPT_ERROR",
  "ABORTED_BY_THRESHOLD",
  "ABORTED_BY_LIMIT",
]);

/** Whether a run with this status has ended. */
export const isFinal = (status: RunStatus): boolean => FINAL_STATUSES.has(status);

export type RunResult = "PASSED" | "FAILED" | "ERROR";
export type MetricType = "COUNTER" | "GAUGE" | "RATE" | "TREND";
export type ComparisonFigure = "P50" | "P95" | "P99" | "REQUEST_RATE" | "FAILURE_RATE";
export type ComparisonTarget = "PREVIOUS" | "BASELINE";
export type InsightSeverity = "INFO" | "WARNING" | "CRITICAL";

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Connection<T> {
  edges: { node: T }[];
  pageInfo: PageInfo;
}

export interface RunEvent {
  status: RunStatus;
  reason: string | null;
  at: string;
}

export interface RunStats {
  vusMax: number;
  durationMs: number;
  httpRequests: number;
  httpRequestRate: number;
  httpFailureRate: number;
  httpP95Ms: number | null;
}

/** One bucket of a time series; which fields are set depends on the metric's type. */
export interface TimeSeriesPoint {
  time: string;
  value: number;
  p50?: number | null;
  p95?: number | null;
  p99?: number | null;
}

export interface TimeSeries {
  metric: string;
  type: MetricType | null;
  resolutionSeconds: number;
  points: TimeSeriesPoint[];
}

export interface MetricsUpdate {
  series: TimeSeries[];
  status: RunStatus;
}

export interface ThresholdResult {
  metric: string;
  expression: string;
  ok: boolean;
  value: number | null;
  abortOnFail: boolean;
}

export interface Insight {
  id: string;
  severity: InsightSeverity;
  title: string;
  explanation: string;
  from: string | null;
  to: string | null;
  metric: string | null;
}

export interface UrlStats {
  name: string;
  method: string | null;
  requests: number;
  failures: number;
  failureRate: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export interface ZoneStats {
  zone: string;
  requests: number;
  failureRate: number;
  p95Ms: number;
}

export interface ComparisonRow {
  figure: ComparisonFigure;
  url: string | null;
  value: number | null;
  baseValue: number | null;
  difference: number | null;
  relativeDifference: number | null;
  significant: boolean;
}

export interface PercentileValue {
  quantile: number;
  value: number;
}

export interface Percentiles {
  count: number;
  avg: number;
  min: number;
  max: number;
  values: PercentileValue[];
}

export interface EnvVariable {
  name: string;
  value: string;
}
