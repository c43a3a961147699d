import type { InsightDefinition } from "../definition.js";
import { count } from "../format.js";
import type { Cardinality, Severity } from "../types.js";

/**
 * What distinguishes one "too many …" insight from another.
 *
 * @example { id: "best_practice_too_many_groups", name: "Too many groups", field: "groups", limit: 100, ... }
 */
export interface CardinalityRule {
  id: string;
  name: string;
  /** The field of {@link Cardinality} counted. */
  field: keyof Cardinality;
  /** Fires when the count is above this. */
  limit: number;
  severity: Severity;
  /** Plural noun: "URLs", "groups". */
  noun: string;
  /** Metric whose series show the spread, if one does. */
  metric?: string;
  /** Why it matters and what to do, one or two sentences. */
  advice: string;
}

/**
 * Builds a best-practice insight that fires when one of the run's cardinalities is above a limit.
 * Cardinalities only grow during a run, so these also run live.
 *
 * @example cardinalityLimit({ id: "best_practice_too_many_groups", field: "groups", limit: 100, ... })
 */
export function cardinalityLimit(rule: CardinalityRule): InsightDefinition {
  return {
    id: rule.id,
    set: "best_practice",
    name: rule.name,
    phases: ["live", "final"],
    check(ctx) {
      const value = ctx.run.cardinality[rule.field];
      if (!(value > rule.limit)) return undefined;
      const insight = {
        id: rule.id,
        severity: rule.severity,
        title: `${rule.name}: ${count(value)} distinct ${rule.noun}`,
        explanation:
          `The test produced ${count(value)} distinct ${rule.noun}, more than ${count(rule.limit)}. ` +
          rule.advice,
        from: ctx.run.startedAt,
        to: ctx.run.endedAt,
        values: { count: value, limit: rule.limit },
      };
      return rule.metric ? { ...insight, metric: rule.metric, filter: {} } : insight;
    },
  };
}
