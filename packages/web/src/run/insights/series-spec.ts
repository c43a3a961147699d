import type { Insight, MetricType, TagFilter } from "../../graphql/index.js";
import type { LivePoint } from "../../live/index.js";

/** How one metric's `timeSeries` is drawn: the figure of each point, its name and its unit. */
export interface SeriesLine {
  label: string;
  unit: string;
  pick(point: LivePoint): number | null | undefined;
}

/**
 * The line of any metric's series. `timeSeries` answers in `value` the figure to chart for the
 * metric's type (a counter's rate per second, a gauge's value, a rate's ratio, a trend's p95); the
 * unit comes from the type and, for trends, from what the metric contains (`time` is milliseconds).
 *
 * @example seriesLine("RATE", "default").pick({ t: 0, value: 0.25 }) // 25 (percent)
 */
export function seriesLine(type: MetricType | null, contains: string | undefined): SeriesLine {
  switch (type) {
    case "RATE":
      return { label: "rate", unit: "%", pick: (p) => p.value * 100 };
    case "COUNTER":
      return { label: "per second", unit: "/s", pick: (p) => p.value };
    case "TREND":
      return {
        label: "p95",
        unit: contains === "time" ? "ms" : contains === "data" ? "B" : "",
        pick: (p) => p.p95 ?? p.value,
      };
    default:
      return { label: "value", unit: "", pick: (p) => p.value };
  }
}

/** The `TagFilterInput` fields, by the tag each stands for. */
const FILTER_TAGS: readonly [keyof TagFilter, string][] = [
  ["zone", "load_zone"],
  ["scenario", "scenario"],
  ["name", "name"],
  ["status", "status"],
  ["group", "group"],
  ["check", "check"],
];

/**
 * A tag filter in words, as k6 writes sub-metrics: `{name:GET /cart,method:GET}`; empty for the
 * whole metric.
 *
 * @example describeFilter({ zone: "eu", tags: [{ name: "method", value: "GET" }] }) // "{load_zone:eu,method:GET}"
 */
export function describeFilter(filter: TagFilter | null | undefined): string {
  if (!filter) return "";
  const parts: string[] = [];
  for (const [field, tag] of FILTER_TAGS) {
    const value = filter[field];
    if (typeof value === "string") parts.push(`${tag}:${value}`);
  }
  for (const { name, value } of filter.tags ?? []) parts.push(`${name}:${value}`);
  return parts.length > 0 ? `{${parts.join(",")}}` : "";
}

/** An insight's time range in seconds since the run's origin, as the charts' zoom takes it. */
export function insightRange(
  insight: Pick<Insight, "from" | "to">,
  origin: number | undefined,
): readonly [number, number] | undefined {
  if (!insight.from || !insight.to || origin === undefined) return undefined;
  const from = (Date.parse(insight.from) - origin) / 1000;
  const to = (Date.parse(insight.to) - origin) / 1000;
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) return undefined;
  return [from, to];
}
