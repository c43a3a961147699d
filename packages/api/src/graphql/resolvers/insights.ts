import type { Insight } from "@barrage/insights";
import type { TestRunRow } from "../../db/schema/runs.js";
import { queryRunInsights } from "../../insights/index.js";
import type { GraphQLContext } from "../context.js";

/** Tags that have a field of their own in `TagFilterInput`, by tag name. */
const NAMED_TAGS: Readonly<Record<string, string>> = {
  load_zone: "zone",
  scenario: "scenario",
  name: "name",
  status: "status",
  group: "group",
  check: "check",
};

/**
 * An insight's tag filter as the schema's `TagFilterInput`, so that a client can pass it to
 * `timeSeries(metric, filter)` as it is: `{ load_zone: "eu", instance_id: "7" }` becomes
 * `{ zone: "eu", tags: [{ name: "instance_id", value: "7" }] }`.
 *
 * @example toTagFilterInput({ name: "GET /cart", method: "GET" }) // { name: "GET /cart", tags: [{ name: "method", value: "GET" }] }
 */
export function toTagFilterInput(filter: Readonly<Record<string, string>>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const tags: { name: string; value: string }[] = [];
  for (const [name, value] of Object.entries(filter)) {
    const field = NAMED_TAGS[name];
    if (field) input[field] = value;
    else tags.push({ name, value });
  }
  if (tags.length > 0) input.tags = tags;
  return input;
}

function toGraphQL(insight: Insight) {
  return {
    id: insight.id,
    severity: insight.severity.toUpperCase(),
    title: insight.title,
    explanation: insight.explanation,
    from: insight.from === undefined ? null : new Date(insight.from),
    to: insight.to === undefined ? null : new Date(insight.to),
    metric: insight.metric ?? null,
    filter: insight.filter === undefined ? null : toTagFilterInput(insight.filter),
  };
}

/** The performance insights part of the schema: `TestRun.insights`, from `insight_results`. */
export const insightResolvers = {
  TestRun: {
    insights: async (run: TestRunRow, _args: unknown, { pool }: GraphQLContext) =>
      (await queryRunInsights(pool, run.id)).map(toGraphQL),
  },
};
