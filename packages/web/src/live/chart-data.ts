import { firstPointAt, type LivePoint, type LiveSeries } from "./merge-points.js";

/** A line of a chart: a metric's points, the figure of each point to draw, and the run's start. */
export interface ChartLine {
  points: readonly LivePoint[];
  /** Epoch milliseconds the x axis counts from, so that two runs overlay from their starts. */
  origin: number;
  pick(point: LivePoint): number | null | undefined;
}

/** Columns as uPlot takes them: x (seconds since the origin), then one y column per line, null where absent. */
export type AlignedColumns = [number[], ...(number | null)[][]];

/**
 * Puts lines with different times (a run and its base, which started at other instants) on one x
 * axis of seconds since each run's start.
 *
 * @example
 * alignLines([{ points: [{t: 1000, value: 5}], origin: 0, pick: (p) => p.value }]) // [[1], [5]]
 */
export function alignLines(lines: readonly ChartLine[]): AlignedColumns {
  const seconds = (t: number, origin: number) => Math.round(t - origin) / 1000;
  const xs = [...new Set(lines.flatMap((line) => line.points.map((p) => seconds(p.t, line.origin))))].sort(
    (a, b) => a - b,
  );
  const column = new Map(xs.map((x, i) => [x, i]));
  const ys = lines.map((line) => {
    const y: (number | null)[] = new Array(xs.length).fill(null);
    for (const point of line.points) {
      const value = line.pick(point);
      const i = column.get(seconds(point.t, line.origin));
      if (i !== undefined && value != null && Number.isFinite(value)) y[i] = value;
    }
    return y;
  });
  return [xs, ...ys];
}

/** A figure drawn on a chart. */
export interface LineSpec {
  label: string;
  pick(point: LivePoint): number | null | undefined;
}

/** One of the run page's charts. */
export interface ChartSpec {
  id: "vus" | "request-rate" | "response-time" | "failure-rate";
  title: string;
  metric: string;
  unit: string;
  lines: readonly LineSpec[];
}

/** The live charts: the metrics `testRunMetrics` sends by default. */
export const RUN_CHARTS: readonly ChartSpec[] = [
  {
    id: "vus",
    title: "Virtual users",
    metric: "vus",
    unit: "VUs",
    lines: [{ label: "VUs", pick: (p) => p.value }],
  },
  {
    id: "request-rate",
    title: "Request rate",
    metric: "http_reqs",
    unit: "req/s",
    lines: [{ label: "requests/s", pick: (p) => p.value }],
  },
  {
    id: "response-time",
    title: "Response time",
    metric: "http_req_duration",
    unit: "ms",
    lines: [
      { label: "p50", pick: (p) => p.p50 },
      { label: "p95", pick: (p) => p.p95 ?? p.value },
      { label: "p99", pick: (p) => p.p99 },
    ],
  },
  {
    id: "failure-rate",
    title: "Failure rate",
    metric: "http_req_failed",
    unit: "%",
    lines: [{ label: "failed", pick: (p) => p.value * 100 }],
  },
];

/** The metrics of {@link RUN_CHARTS}. */
export const CHART_METRICS = RUN_CHARTS.map((chart) => chart.metric);

/**
 * Where a run's x axis starts: the whole second of its start, or else its first point. Buckets
 * start on whole seconds, so two runs' buckets then fall on the same x values and overlay exactly.
 */
export function originOf(startedAt: string | null | undefined, series: LiveSeries): number | undefined {
  if (!startedAt) return firstPointAt(series);
  return Math.floor(Date.parse(startedAt) / 1000) * 1000;
}

/** A chart's x range (seconds since `origin`) as the instants `timeSeries` and `percentiles` take. */
export function rangeToInstants(
  origin: number,
  fromSeconds: number,
  toSeconds: number,
): { from: string; to: string } {
  return {
    from: new Date(origin + Math.floor(fromSeconds * 1000)).toISOString(),
    to: new Date(origin + Math.ceil(toSeconds * 1000)).toISOString(),
  };
}

/** "1:05" for 65 seconds: the x axis of run charts. */
export function formatElapsed(seconds: number): string {
  const sign = seconds < 0 ? "-" : "";
  const total = Math.round(Math.abs(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${sign}${h}:${String(m).padStart(2, "0")}:${s}` : `${sign}${m}:${s}`;
}
