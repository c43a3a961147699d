import type { Point, StatusSeries } from "@barrage/insights";
import type pg from "pg";
import { addKeyedPoint, addPoint, secondBuckets, toPoints } from "./bucket-grid.js";

/**
 * A run's request, failure and iteration counts per second over every agent, and its failures per
 * `status` tag.
 *
 * @example { requests: [{ time, value: 120 }], failures: [{ time, value: 3 }], iterations, statuses: [{ status: "503", failures }] }
 */
export interface TrafficSeries {
  /** `http_reqs` per second. */
  requests: Point[];
  /** Failed requests per second: the non-zero count of `http_req_failed`. */
  failures: Point[];
  /** Completed iterations per second (`iterations`). */
  iterations: Point[];
  /** Failed requests per second per `status` tag (`"0"` is k6's status of a network error). */
  statuses: StatusSeries[];
}

interface Row {
  what: "requests" | "failures" | "iterations";
  status: string | null;
  t: number;
  n: number;
}

/**
 * Reads the run's traffic per one-second bucket in one pass over its points: counters summed, the
 * failures of `http_req_failed` summed per status (the overall failures are their sum, so one
 * query answers both).
 *
 * @example const { requests, failures, statuses } = await queryTrafficSeries(pool, runId);
 */
export async function queryTrafficSeries(pool: pg.Pool, runId: number): Promise<TrafficSeries> {
  const scope = secondBuckets(runId, [
    { name: "requests", metric: "http_reqs", tags: {} },
    { name: "failures", metric: "http_req_failed", tags: {} },
    { name: "iterations", metric: "iterations", tags: {} },
  ]);
  // bigint sums come back as numeric; float8 keeps them numbers (exact below 2^53).
  const { rows } = await pool.query<Row>(
    `select sel.name as what,
            case when sel.name = 'failures' and p.rate_nonzero > 0 then s.tags->>'status' end as status,
            ${scope.groupBy} as t,
            sum(case when sel.name = 'failures' then p.rate_nonzero::float8 else p.counter_sum end) as n
       from ${scope.from}
      where ${scope.where}
      group by 1, 2, 3`,
    scope.params,
  );
  const totals = {
    requests: new Map<number, number>(),
    failures: new Map<number, number>(),
    iterations: new Map<number, number>(),
  };
  const byStatus = new Map<string, Map<number, number>>();
  for (const { what, status, t, n } of rows) {
    if (!(n > 0)) continue;
    addPoint(totals[what], t, n);
    if (what !== "failures" || status === null) continue;
    addKeyedPoint(byStatus, status, t, n);
  }
  return {
    requests: toPoints(totals.requests),
    failures: toPoints(totals.failures),
    iterations: toPoints(totals.iterations),
    statuses: [...byStatus]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, failures]) => ({ status, failures: toPoints(failures) })),
  };
}
