/**
 * Colors of chart lines and axes. Canvas takes real colors, not CSS variables, so they are here;
 * they read on the app's light and dark backgrounds alike.
 */
export const CHART_COLORS = {
  lines: ["#2563eb", "#d97706", "#dc2626", "#059669"],
  axis: "#8a94a6",
  grid: "rgba(138, 148, 166, 0.2)",
} as const;

/** The color of the i-th line of a chart. */
export const lineColor = (i: number): string => CHART_COLORS.lines[i % CHART_COLORS.lines.length] as string;
