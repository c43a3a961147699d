import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { AlignedColumns } from "../live/index.js";
import { CHART_COLORS } from "./palette.js";

/** How one y column is drawn. */
export interface LineStyle {
  label: string;
  color: string;
  /** Dashed, for the run a chart is compared with. */
  dashed?: boolean;
}

/** Props of {@link TimeChart}. */
export interface TimeChartProps {
  title: string;
  unit: string;
  columns: AlignedColumns;
  lines: readonly LineStyle[];
  /** Formats the x axis (seconds since the run's start). */
  formatX: (seconds: number) => string;
  /** The zoomed x range (seconds), or null for all of it; every chart of a page shares it. */
  zoom: readonly [number, number] | null;
  /** A range dragged out on the chart. */
  onZoom?: (from: number, to: number) => void;
  height?: number;
  testId?: string;
}

const formatY = (unit: string) => (value: number) => {
  const abs = Math.abs(value);
  const text =
    abs >= 1000
      ? `${+(value / 1000).toFixed(1)}k`
      : abs >= 10 || value === 0
        ? `${Math.round(value)}`
        : `${+value.toFixed(2)}`;
  return unit === "%" ? `${text}%` : text;
};

/**
 * A time-series chart on uPlot (canvas, made for many points and frequent updates): new data is
 * set on the same plot instead of building a new one, so a live chart redraws in a millisecond or
 * two. Drag across it to zoom; the zoom is the page's, shared by its charts.
 *
 * The container says how many x values it shows (`data-points`) and when it first drew a point
 * (`data-first-drawn-at`, epoch ms): the end-to-end tests measure live latency with them.
 */
export function TimeChart({
  title,
  unit,
  columns,
  lines,
  formatX,
  zoom,
  onZoom,
  height = 200,
  testId,
}: TimeChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const onZoomRef = useRef(onZoom);
  onZoomRef.current = onZoom;
  const shape = lines.map((l) => `${l.label}:${l.color}:${l.dashed ? 1 : 0}`).join("|");

  // Rebuilt only when the lines change (`shape`); data and zoom are set below.
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const options: uPlot.Options = {
      width: Math.max(el.clientWidth, 200),
      height,
      legend: { live: true },
      cursor: { drag: { x: true, y: false, setScale: false } },
      // Every charted figure is 0 or more: from 0, with a little room above the highest value.
      scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [
        {
          values: (_u, splits) => splits.map(formatX),
          // Ticks on whole seconds (and round minutes): the x axis counts seconds.
          incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200],
          stroke: CHART_COLORS.axis,
          grid: { stroke: CHART_COLORS.grid },
        },
        {
          values: (_u, splits) => splits.map(formatY(unit)),
          stroke: CHART_COLORS.axis,
          grid: { stroke: CHART_COLORS.grid },
          size: 48,
        },
      ],
      series: [
        { label: "time", value: (_u, v) => (v == null ? "–" : formatX(v)) },
        ...lines.map(
          (line): uPlot.Series => ({
            label: line.label,
            stroke: line.color,
            width: line.dashed ? 1.5 : 2,
            ...(line.dashed ? { dash: [6, 4] } : {}),
            // A bucket one run has and the other lacks leaves a null: draw through it.
            spanGaps: true,
            value: (_u, v) => (v == null ? "–" : `${formatY(unit)(v)}${unit === "%" ? "" : ` ${unit}`}`),
          }),
        ),
      ],
      hooks: {
        setSelect: [
          (u) => {
            if (u.select.width < 2) return;
            const from = u.posToVal(u.select.left, "x");
            const to = u.posToVal(u.select.left + u.select.width, "x");
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            onZoomRef.current?.(from, to);
          },
        ],
        draw: [
          (u) => {
            const points = u.data[0]?.length ?? 0;
            el.dataset.points = String(points);
            if (points > 0 && !el.dataset.firstDrawnAt) el.dataset.firstDrawnAt = String(Date.now());
          },
        ],
      },
    };
    const chart = new uPlot(options, columns as uPlot.AlignedData, el);
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(el.clientWidth, 200), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = undefined;
    };
  }, [shape, height, unit]);

  useEffect(() => {
    const chart = plot.current;
    if (!chart) return;
    chart.setData(columns as uPlot.AlignedData, zoom === null);
    if (zoom) chart.setScale("x", { min: zoom[0], max: zoom[1] });
  }, [columns, zoom]);

  return (
    <figure class="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div ref={host} class="chart-canvas" />
    </figure>
  );
}
