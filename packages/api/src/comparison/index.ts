/**
 * Run comparison: a run against its previous run or its load test's baseline, figure by figure and
 * URL by URL, with significance from the merged histograms; baselines; a figure's trend over runs.
 *
 * @example
 * const base = (await findBaselineRun(db, run.loadTestId)) ?? (await findPreviousRun(db, run));
 * if (base) console.table(await compareRuns(pool, run.id, base.id));
 */
export {
  clearBaseline,
  findBaselineRun,
  findPreviousRun,
  recentFinishedRuns,
  setBaseline,
} from "./base-runs.js";
export { type ComparisonFigure, type ComparisonRow, compareRuns } from "./compare-runs.js";
export { figureOfRun } from "./figure-of-run.js";
