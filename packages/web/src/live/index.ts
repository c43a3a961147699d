export {
  type AlignedColumns,
  alignLines,
  CHART_METRICS,
  type ChartLine,
  type ChartSpec,
  formatElapsed,
  type LineSpec,
  originOf,
  RUN_CHARTS,
  rangeToInstants,
} from "./chart-data.js";
export {
  firstPointAt,
  type LivePoint,
  type LiveSeries,
  mergePoints,
  mergeSeries,
  toLivePoint,
} from "./merge-points.js";
export { type LiveMetrics, useLiveMetrics } from "./use-live-metrics.js";
