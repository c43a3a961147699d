import { useMemo } from "preact/hooks";
import { type LineStyle, lineColor, TimeChart } from "../charts/index.js";
import { type Percentiles, useQuery } from "../graphql/index.js";
import {
  alignLines,
  type ChartLine,
  firstPointAt,
  formatElapsed,
  type LiveMetrics,
  type LiveSeries,
  RUN_CHARTS,
  rangeToInstants,
} from "../live/index.js";
import { Empty, ErrorMessage, formatMs, formatNumber, Loading } from "../ui/index.js";

/** The run a chart overlays, dashed. */
export interface ChartBase {
  series: LiveSeries;
  origin: number | undefined;
  label: string;
}

/**
 * The four live charts of a run (VUs, request rate, response time p50/p95/p99, failure rate), on
 * one x axis of seconds since the run's start, with the compared run overlaid from its own start.
 */
export function RunCharts({
  metrics,
  origin,
  base,
  zoom,
  onZoom,
}: {
  metrics: LiveMetrics;
  origin: number | undefined;
  base: ChartBase | undefined;
  zoom: readonly [number, number] | null;
  onZoom: (range: readonly [number, number] | null) => void;
}) {
  const charts = useMemo(
    () =>
      RUN_CHARTS.map((chart) => {
        const lines: ChartLine[] = [];
        const styles: LineStyle[] = [];
        chart.lines.forEach((line, i) => {
          lines.push({ points: metrics.series[chart.metric] ?? [], origin: origin ?? 0, pick: line.pick });
          styles.push({ label: line.label, color: lineColor(i) });
        });
        if (base) {
          chart.lines.forEach((line, i) => {
            lines.push({
              points: base.series[chart.metric] ?? [],
              origin: base.origin ?? 0,
              pick: line.pick,
            });
            styles.push({ label: `${line.label} (${base.label})`, color: lineColor(i), dashed: true });
          });
        }
        return { chart, columns: alignLines(lines), styles };
      }),
    [metrics.series, origin, base],
  );
  const firstAt = firstPointAt(metrics.series);
  const hasPoints = firstAt !== undefined;
  return (
    <>
      <div class="chart-status muted small" role="status">
        {metrics.streaming ? (
          <span class="live-dot">Live. </span>
        ) : metrics.error ? (
          `Live updates unavailable (${metrics.error.message}); the charts refresh every 2 s.`
        ) : null}
        {zoom && (
          <>
            {" "}
            Showing {formatElapsed(zoom[0])}–{formatElapsed(zoom[1])}.{" "}
            <button type="button" class="button secondary small" onClick={() => onZoom(null)}>
              Reset zoom
            </button>
          </>
        )}
        {!zoom && hasPoints && " Drag across a chart to zoom into a time range."}
      </div>
      {metrics.loading && !hasPoints ? (
        <Loading what="Loading the metrics" />
      ) : !hasPoints && metrics.error && !metrics.streaming ? (
        <ErrorMessage error={metrics.error} title="No metrics" />
      ) : !hasPoints ? (
        <Empty title="No metrics yet">
          The charts fill in as soon as the agents send their first metrics.
        </Empty>
      ) : null}
      {/* The time of the first bucket, for the end-to-end tests' latency measure. */}
      <div class="charts" hidden={!hasPoints} data-first-point-at={firstAt}>
        {charts.map(({ chart, columns, styles }) => (
          <TimeChart
            key={chart.id}
            testId={`chart-${chart.id}`}
            title={chart.title}
            unit={chart.unit}
            columns={columns}
            lines={styles}
            formatX={formatElapsed}
            zoom={zoom}
            onZoom={(from, to) => onZoom([from, to])}
          />
        ))}
      </div>
    </>
  );
}

const RANGE_PERCENTILES = `query RangePercentiles($id: ID!, $from: DateTime, $to: DateTime) {
  testRun(id: $id) {
    id
    percentiles(metric: "http_req_duration", quantiles: [0.5, 0.9, 0.95, 0.99], from: $from, to: $to) {
      count avg min max values { quantile value }
    }
  }
}`;

/** The response time percentiles of the zoomed range, from the merged histograms of that range. */
export function RangePercentiles({
  runId,
  origin,
  zoom,
}: {
  runId: string;
  origin: number;
  zoom: readonly [number, number];
}) {
  const range = rangeToInstants(origin, zoom[0], zoom[1]);
  const state = useQuery<{ testRun: { percentiles: Percentiles } | null }>(RANGE_PERCENTILES, {
    id: runId,
    ...range,
  });
  const percentiles = state.data?.testRun?.percentiles;
  return (
    <div class="range-percentiles" data-testid="range-percentiles">
      <strong>
        Response time from {formatElapsed(zoom[0])} to {formatElapsed(zoom[1])}
      </strong>
      {state.error ? (
        <ErrorMessage error={state.error} />
      ) : !percentiles || state.loading ? (
        <Loading what="Merging the histograms of the range" />
      ) : percentiles.count === 0 ? (
        <span class="muted"> no requests in this range</span>
      ) : (
        <dl class="figures">
          {percentiles.values.map((v) => (
            <div key={v.quantile}>
              <dt>p{Math.round(v.quantile * 1000) / 10}</dt>
              <dd>{formatMs(v.value)}</dd>
            </div>
          ))}
          <div>
            <dt>avg</dt>
            <dd>{formatMs(percentiles.avg)}</dd>
          </div>
          <div>
            <dt>requests</dt>
            <dd>{formatNumber(percentiles.count)}</dd>
          </div>
        </dl>
      )}
    </div>
  );
}
