/** The tag every point of an agent's batch gets: the load zone of the agent's certificate. */
export const ZONE_TAG = "load_zone";
/** The tag naming the agent; part of a series' tags only where the agent put it (its own gauges). */
export const INSTANCE_TAG = "instance_id";

/**
 * The tag rewrite ingest applies to every point an agent sends (reference/k6-semantics.md: "Runs
 * add `instance_id` and `load_zone`"), from the identity the agent port authenticated, never from
 * the document, so that no agent can file its numbers under another zone or instance:
 *
 * - `load_zone` is always set (a script's own value is replaced). It is part of the series' tag set
 *   (`tags_key`), so a run split over zones has one series per zone, and results filter and compare
 *   by zone (`TestRun.zones`, `timeSeries(filter: {zone})`). Zones are few, so series stay few.
 * - `instance_id` is not added: every stored point already carries its agent in
 *   `metric_points.instance_id` (part of the point's key), and queries filter the tag
 *   `instance_id` on that column (queries/point-scope.ts). Adding it to the tag set would give every
 *   series one copy per agent (500 agents, 500 times the series and derived rows) for nothing a
 *   query needs. Where an agent tags a point with it (its own CPU and memory gauges), the value is
 *   replaced by the authenticated one.
 *
 * The rewrite depends only on the agent's identity, so a resent batch gets the same series and is
 * still a duplicate by `(run, instance, seq)`: ingest stays idempotent.
 *
 * @example
 * const stamp = agentTagStamp({ instanceId: 7, zone: "amazon:ie:dublin" });
 * stamp({ name: "home" }); // { name: "home", load_zone: "amazon:ie:dublin" }
 */
export function agentTagStamp(agent: {
  instanceId: number;
  zone: string;
}): (tags: Readonly<Record<string, string>>) => Record<string, string> {
  const instance = String(agent.instanceId);
  return (tags) => ({
    ...tags,
    [ZONE_TAG]: agent.zone,
    ...(Object.hasOwn(tags, INSTANCE_TAG) ? { [INSTANCE_TAG]: instance } : {}),
  });
}
