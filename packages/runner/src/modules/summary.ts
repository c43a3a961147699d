import { humanizeValue, textSummary } from "../summary/index.js";

/** What scripts get for `import { textSummary } from "https://jslib.k6.io/k6-summary/0.0.2/index.js"`. */
export function createSummaryModule() {
  return { textSummary, humanizeValue };
}
