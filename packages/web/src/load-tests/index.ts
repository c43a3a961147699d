export { LoadTestPage } from "./load-test-page.js";
export { NewTestPage } from "./new-test-page.js";
export { ProjectPage } from "./project-page.js";
export { TrendSparkline } from "./trend-sparkline.js";
