export { InsightSeries } from "./insight-series.js";
export { type InsightFocus, InsightsPanel } from "./insights-panel.js";
