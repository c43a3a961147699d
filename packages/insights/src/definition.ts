import type { RunContext } from "./context.js";
import type { Insight } from "./types.js";

/**
 * When insights run: `live` every few seconds while the test runs, `final` once on the finished
 * run's data.
 *
 * @example computeInsights(run, { phase: "live" })
 */
export type Phase = "live" | "final";

/**
 * The category of an insight, the first part of its id (k6's "set"): `http_load` is about the
 * system under test, `best_practice` about the script, `health` about the load generators.
 *
 * @example { disabledSets: ["health"] } // switches off every insight of the set "health"
 */
export type InsightSet = "http_load" | "best_practice" | "health";

/**
 * One insight: its identity, when it runs, and the check itself.
 *
 * @example throughputLimit.check(prepareRun(run)) // Insight | undefined
 */
export interface InsightDefinition {
  /** `<set>_<name>`. */
  id: string;
  set: InsightSet;
  /** Human name, e.g. "Throughput limit". */
  name: string;
  /** Phases it runs in: the cheap ones that make sense on a partial run also run live. */
  phases: readonly Phase[];
  /** Returns the finding, or undefined when the run does not show it. */
  check(ctx: RunContext): Insight | undefined;
}
