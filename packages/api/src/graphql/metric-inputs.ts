import { badInput } from "../errors.js";
import type { TagFilter, TimeSeriesPoint } from "../metrics/index.js";

/** The `TagFilterInput` of the schema. */
export interface TagFilterInput {
  zone?: string | null;
  scenario?: string | null;
  name?: string | null;
  status?: string | null;
  group?: string | null;
  check?: string | null;
  tags?: { name: string; value: string }[] | null;
}

/** The most buckets one time series query may return, so a typo in a resolution cannot flood a client. */
export const MAX_BUCKETS = 20_000;

/** A `TagFilterInput` as the metric store's filter; a tag given twice is a BAD_USER_INPUT. */
export function toTagFilter(input: TagFilterInput | null | undefined, field: string): TagFilter {
  if (!input) return {};
  const filter: TagFilter = {};
  for (const key of ["zone", "scenario", "name", "status", "group", "check"] as const) {
    const value = input[key];
    if (value !== null && value !== undefined) filter[key] = value;
  }
  if (input.tags?.length) {
    const tags: Record<string, string> = {};
    for (const { name, value } of input.tags) {
      if (Object.hasOwn(tags, name)) throw badInput(`${field}.tags`, `Tag ${name} is given twice`);
      tags[name] = value;
    }
    filter.tags = tags;
  }
  return filter;
}

/** Checks a time series resolution against the window it covers. */
export function checkResolution(seconds: number, spanMs: number, field: string): void {
  if (!(seconds > 0 && Number.isFinite(seconds))) {
    throw badInput(field, `The resolution is a positive number of seconds, not ${seconds}`);
  }
  if (spanMs / (seconds * 1000) > MAX_BUCKETS) {
    throw badInput(
      field,
      `${seconds} s buckets over this window make more than ${MAX_BUCKETS} points; choose a coarser resolution`,
    );
  }
}

/** A metric store point as the schema's `TimeSeriesPoint`, with `value` the figure to chart. */
export function toGraphQLPoint(point: TimeSeriesPoint): Record<string, unknown> {
  const time = new Date(point.time);
  if ("p95" in point) return { ...point, time, value: point.p95 };
  if ("nonzero" in point) return { ...point, time, value: point.rate };
  if ("sum" in point) return { ...point, time, value: point.rate };
  return { ...point, time, value: point.value };
}
