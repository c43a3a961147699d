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

/**
 * Where a run is, finer than its status: VALIDATING (CREATED), QUEUED (VALIDATED, QUEUED),
 * ALLOCATING and STARTING (both INITIALIZING), RUNNING and FINISHING (both RUNNING), ENDED.
 */
export type RunStage =
  | "VALIDATING"
  | "QUEUED"
  | "ALLOCATING"
  | "STARTING"
  | "RUNNING"
  | "FINISHING"
  | "ENDED";

export type RunResult = "PASSED" | "FAILED" | "ERROR";
/** What an API token may do; each includes the ones before it. */
export type Scope = "READ" | "WRITE" | "ADMIN";
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
  /** A `TagFilterInput`, to pass to `timeSeries(metric, filter)` as it is; null for the whole run. */
  filter: TagFilter | null;
}

/** The schema's `TagFilterInput`: series carrying every given tag with exactly that value. */
export interface TagFilter {
  zone?: string;
  scenario?: string;
  name?: string;
  status?: string;
  group?: string;
  check?: string;
  tags?: { name: string; value: string }[];
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

/** A script version as the editor reads it. */
export interface ScriptVersion {
  id: string;
  version: number;
  script: string;
  createdAt: string;
}

/** Who runs a zone's load generators. */
export type LoadZoneProvider = "LOCAL" | "PRIVATE" | "AWS";

/** What an agent of a private zone is doing. */
export type ZoneAgentState = "IDLE" | "BUSY" | "OFFLINE" | "REVOKED";

/** One `barrage agent` process enrolled in a private zone. */
export interface ZoneAgent {
  id: string;
  name: string;
  state: ZoneAgentState;
  lastSeenAt: string | null;
  version: string | null;
  capacityVus: number | null;
  enrolledAt: string;
  revokedAt: string | null;
  run: { id: string } | null;
}

/** A load zone: built in, or one of the organization's private zones with its agents. */
export interface LoadZone {
  id: string;
  name: string;
  provider: LoadZoneProvider;
  builtIn: boolean;
  labels: { name: string; value: string }[];
  vusPerAgent: number;
  createdAt: string;
  agents: ZoneAgent[];
  /** The token in force (never its secret); null when revoked, or for other than private zones. */
  enrolmentToken: { prefix: string; createdAt: string } | null;
}
