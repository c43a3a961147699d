export { CHART_COLORS, lineColor } from "./palette.js";
export { Sparkline } from "./sparkline.js";
export { type LineStyle, TimeChart, type TimeChartProps } from "./time-chart.js";
