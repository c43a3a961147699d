import { useMemo } from "preact/hooks";
import { lineColor, TimeChart } from "../../charts/index.js";
import { type MetricType, type TimeSeriesPoint, useQuery } from "../../graphql/index.js";
import { alignLines, formatElapsed, toLivePoint } from "../../live/index.js";
import { Empty, ErrorMessage, Loading } from "../../ui/index.js";
import type { InsightFocus } from "./insights-panel.js";
import { describeFilter, seriesLine } from "./series-spec.js";

const INSIGHT_SERIES = `query InsightSeries($id: ID!, $metric: String!, $filter: TagFilterInput) {
  testRun(id: $id) {
    id
    metrics { name contains }
    timeSeries(metric: $metric, filter: $filter) { metric type points { time value p95 } }
  }
}`;

interface InsightSeriesData {
  testRun: {
    metrics: { name: string; contains: string }[];
    timeSeries: { metric: string; type: MetricType | null; points: TimeSeriesPoint[] };
  } | null;
}

/**
 * The series an insight points at (`timeSeries(metric, filter)` over the whole run), as a small
 * chart on the run charts' x axis and zoom, so that its range lines up with theirs.
 */
export function InsightSeries({
  runId,
  focus,
  metric,
  origin,
  zoom,
  onZoom,
  pollMs,
  statusKey,
  onClose,
}: {
  runId: string;
  focus: InsightFocus;
  /** The focus's metric (set: the caller shows this only for insights with one). */
  metric: string;
  origin: number | undefined;
  zoom: readonly [number, number] | null;
  onZoom: (range: readonly [number, number] | null) => void;
  pollMs: number | undefined;
  statusKey: string;
  onClose: () => void;
}) {
  const state = useQuery<InsightSeriesData>(
    INSIGHT_SERIES,
    { id: runId, metric, filter: focus.filter },
    { pollMs, refreshKey: statusKey },
  );
  const testRun = state.data?.testRun;
  const contains = testRun?.metrics.find((m) => m.name === metric)?.contains;
  const type = testRun?.timeSeries.type ?? null;
  const line = useMemo(() => seriesLine(type, contains), [type, contains]);
  const points = testRun?.timeSeries.points;
  const columns = useMemo(
    () => alignLines([{ points: (points ?? []).map(toLivePoint), origin: origin ?? 0, pick: line.pick }]),
    [points, origin, line.pick],
  );
  const name = `${metric}${describeFilter(focus.filter)}`;
  return (
    <div class="insight-series" data-testid="insight-series" data-metric={metric}>
      <div class="card-header">
        <h3>
          {focus.title}: <code>{name}</code>
        </h3>
        <button type="button" class="button secondary small" onClick={onClose}>
          Hide series
        </button>
      </div>
      {state.error && !testRun ? (
        <ErrorMessage error={state.error} title="The series could not be loaded" retry={state.refetch} />
      ) : !testRun ? (
        <Loading what={`Loading ${name}`} />
      ) : !points || points.length === 0 ? (
        <Empty title="No data">The run has no points of {name}.</Empty>
      ) : (
        <TimeChart
          testId="chart-insight-series"
          title={`${name} (${line.label})`}
          unit={line.unit}
          columns={columns}
          lines={[{ label: line.label, color: lineColor(0) }]}
          formatX={formatElapsed}
          zoom={zoom}
          onZoom={(from, to) => onZoom([from, to])}
          height={160}
        />
      )}
    </div>
  );
}
