import { MAX_PERIOD_MS } from "../batch/parse-batch.js";

/** A metric or sub-metric: the points of `metric`'s series that carry all of `tags`, reported as `name`. */
export interface Selection {
  name: string;
  metric: string;
  tags: Readonly<Record<string, string>>;
}

/**
 * A time window: the periods whose midpoint lies in `[from, to)`. A period is never split, so a
 * window boundary assigns each period whole to the side its middle is on.
 */
export interface TimeWindow {
  from?: Date | number;
  to?: Date | number;
}

/** Points grouped into buckets of `seconds`, aligned to `origin` (default the Unix epoch). */
export interface Bucketing {
  seconds: number;
  origin?: Date | number;
}

/**
 * The rows a metric query reads, as SQL fragments over `p` (metric_points), `s` (metric_series) and
 * `sel` (the selections), with their parameters: `from`, `where` and `groupBy` are pasted into a
 * query whose own parameters come after `params`. The group is the selection's name, or with
 * bucketing the bucket's start in epoch milliseconds (float8).
 */
export interface PointScope {
  from: string;
  where: string;
  groupBy: string;
  params: unknown[];
}

/** The middle of a point's period; ts is the period's end. */
const MIDPOINT = "(p.ts - p.period_ms * interval '500 microseconds')";

/**
 * The points of some selections of one run, optionally in a window, grouped by selection or by time
 * bucket.
 *
 * @throws RangeError for bucket seconds that are not a positive finite number
 * @example pointScope(runId, [{ name: "http_req_duration", metric: "http_req_duration", tags: {} }])
 */
export function pointScope(
  runId: number,
  selections: readonly Selection[],
  window: TimeWindow = {},
  bucketing?: Bucketing,
): PointScope {
  const params: unknown[] = [
    runId,
    selections.map((s) => s.name),
    selections.map((s) => s.metric),
    selections.map((s) => JSON.stringify(s.tags)),
  ];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions = ["true"];
  // The bounds on ts itself (a period ends at most MAX_PERIOD_MS after it starts) let PostgreSQL use
  // the (series_id, ts) index and skip partitions; the midpoint test then decides exactly.
  if (window.from !== undefined) {
    const from = param(toDate(window.from));
    conditions.push(`p.ts >= ${from}::timestamptz`, `${MIDPOINT} >= ${from}::timestamptz`);
  }
  if (window.to !== undefined) {
    const to = param(toDate(window.to));
    conditions.push(
      `p.ts < ${to}::timestamptz + interval '${MAX_PERIOD_MS} milliseconds'`,
      `${MIDPOINT} < ${to}::timestamptz`,
    );
  }
  let groupBy = "sel.name";
  if (bucketing !== undefined) {
    if (!(bucketing.seconds > 0 && Number.isFinite(bucketing.seconds))) {
      throw new RangeError(
        `bucket resolution must be a positive number of seconds, got ${bucketing.seconds}`,
      );
    }
    const width = param(bucketing.seconds);
    const origin = param(toDate(bucketing.origin ?? 0));
    groupBy = `(extract(epoch from date_bin(make_interval(secs => ${width}::float8), ${MIDPOINT}, ${origin}::timestamptz)) * 1000)::float8`;
  }
  // The tag instance_id is the point's agent (metric_points.instance_id), not part of most series'
  // tag sets (batch/agent-tags.ts): it is matched on the column, and every other tag on the series.
  return {
    from: `unnest($2::text[], $3::text[], $4::jsonb[]) as sel(name, metric, tags)
  join metric_series s on s.run_id = $1 and s.metric = sel.metric and s.tags @> (sel.tags - 'instance_id')
  join metric_points p on p.series_id = s.id
   and (not sel.tags ? 'instance_id' or p.instance_id::text = sel.tags->>'instance_id')`,
    where: conditions.join(" and "),
    groupBy,
    params,
  };
}

function toDate(time: Date | number): Date {
  return typeof time === "number" ? new Date(time) : time;
}
