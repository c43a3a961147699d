import type { RunContext } from "../context.js";
import type { InsightDefinition } from "../definition.js";
import { capitalize, count, pct, points, range, round } from "../format.js";
import { compareProportions } from "../stats/proportions.js";
import type { StatusSeries } from "../types.js";

/** A burst holds at least this many failures. */
export const MIN_BURST_FAILURES = 10;
/** Its failure rate is at least 10 points above the same series' rate outside it (k6's step for "increased"). */
export const MIN_BURST_POINTS = 0.1;
/** It covers at most half of the buckets in which the series had traffic: a burst, not a permanent state. */
export const MAX_BURST_SHARE = 0.5;
/**
 * The scan looks for the stretch whose failures most exceed (overall rate + 5 points) × requests:
 * half the 10-point step, so that a burst's ramps are included but ordinary seconds are not.
 */
const SCAN_MARGIN = 0.05;
const EPSILON = 1e-9;

/**
 * One stretch of buckets in a series and its counts inside and outside.
 *
 * @example { first: 40, last: 59, failures: 600, requests: 2000, outsideFailures: 0, outsideRequests: 10000 }
 */
export interface Burst {
  first: number;
  last: number;
  failures: number;
  requests: number;
  outsideFailures: number;
  outsideRequests: number;
}

/**
 * The stretch of buckets with the most failures beyond (overall rate + 5 points) × requests (a
 * maximum-sum segment scan, O(buckets)), if it qualifies as a burst: at least 10 failures, at most
 * half the buckets with traffic, and a failure rate at least 10 points above the rest of the series,
 * significant at the 1% level.
 *
 * @example findBurst(failuresPerBucket, requestsPerBucket)?.first
 */
export function findBurst(failures: Float64Array, requests: Float64Array): Burst | undefined {
  let totalF = 0;
  let totalR = 0;
  let active = 0;
  for (let i = 0; i < failures.length; i++) {
    totalF += failures[i] as number;
    totalR += requests[i] as number;
    if ((requests[i] as number) > 0) active++;
  }
  if (totalF < MIN_BURST_FAILURES || totalR === 0) return undefined;
  const lambda = totalF / totalR + SCAN_MARGIN;
  let best = 0;
  let bestFirst = -1;
  let bestLast = -1;
  let sum = 0;
  let start = 0;
  for (let i = 0; i < failures.length; i++) {
    if (sum <= 0) {
      sum = 0;
      start = i;
    }
    sum += (failures[i] as number) - lambda * (requests[i] as number);
    if (sum > best) {
      best = sum;
      bestFirst = start;
      bestLast = i;
    }
  }
  if (bestFirst < 0) return undefined;
  let f = 0;
  let r = 0;
  let activeInside = 0;
  for (let i = bestFirst; i <= bestLast; i++) {
    f += failures[i] as number;
    r += requests[i] as number;
    if ((requests[i] as number) > 0) activeInside++;
  }
  const burst = {
    first: bestFirst,
    last: bestLast,
    failures: f,
    requests: r,
    outsideFailures: totalF - f,
    outsideRequests: totalR - r,
  };
  if (f < MIN_BURST_FAILURES || activeInside > MAX_BURST_SHARE * active) return undefined;
  if (!clearlyHigher(burst.outsideFailures, burst.outsideRequests, f, r)) return undefined;
  return burst;
}

/** x2/n2 at least 10 points above x1/n1, and significantly so. */
function clearlyHigher(x1: number, n1: number, x2: number, n2: number): boolean {
  if (n1 === 0 || n2 === 0) return false;
  const cmp = compareProportions(x1, n1, x2, n2);
  return cmp.difference >= MIN_BURST_POINTS - EPSILON && cmp.significant;
}

interface Candidate {
  burst: Burst;
  /** "URL GET /cart" or "status 503". */
  label: string;
  metric: string;
  filter: Record<string, string>;
  /** Extra words, e.g. the dominant status of a URL burst. */
  detail: string;
  excess: number;
}

function sumRange(values: Float64Array, first: number, last: number): number {
  let s = 0;
  for (let i = first; i <= last; i++) s += values[i] as number;
  return s;
}

function urlCandidates(ctx: RunContext): Candidate[] {
  const found: Candidate[] = [];
  for (const url of ctx.run.urls) {
    const failures = ctx.counts(url.failures);
    const requests = ctx.counts(url.requests);
    const burst = findBurst(failures, requests);
    if (!burst) continue;
    // Tied to this URL only if, during the burst, the other requests did not fail as much.
    const otherR = sumRange(ctx.requests, burst.first, burst.last) - burst.requests;
    const otherF = sumRange(ctx.failures, burst.first, burst.last) - burst.failures;
    if (otherR > 0 && !clearlyHigher(Math.max(0, otherF), otherR, burst.failures, burst.requests)) continue;
    const filter: Record<string, string> = { name: url.name };
    if (url.method) filter.method = url.method;
    const label =
      url.method && !url.name.startsWith(`${url.method} `) ? `${url.method} ${url.name}` : url.name;
    found.push({
      burst,
      label: `URL ${label}`,
      metric: "http_req_failed",
      filter,
      detail: dominantStatus(ctx, url.statuses ?? [], burst),
      excess: excessFailures(burst),
    });
  }
  return found;
}

function statusCandidates(ctx: RunContext): Candidate[] {
  const found: Candidate[] = [];
  for (const status of ctx.run.statuses) {
    const burst = findBurst(ctx.counts(status.failures), ctx.requests);
    if (!burst) continue;
    found.push({
      burst,
      label: `status ${status.status}`,
      metric: "http_reqs",
      filter: { status: status.status },
      detail: "",
      excess: excessFailures(burst),
    });
  }
  return found;
}

function dominantStatus(ctx: RunContext, statuses: readonly StatusSeries[], burst: Burst): string {
  let best: { status: string; n: number } | undefined;
  for (const s of statuses) {
    const n = sumRange(ctx.counts(s.failures), burst.first, burst.last);
    if (n > 0 && (!best || n > best.n)) best = { status: s.status, n };
  }
  if (!best) return "";
  return ` Most of them (${pct(best.n / burst.failures)}) had status ${best.status}.`;
}

function excessFailures(b: Burst): number {
  const outsideRate = b.outsideRequests > 0 ? b.outsideFailures / b.outsideRequests : 0;
  return b.failures - outsideRate * b.requests;
}

const ID = "http_load_error_burst";

/**
 * http_load_error_burst (Barrage): a burst of failures tied to one request name or one status. For
 * every URL series and every status series, a maximum-sum segment scan finds the stretch with the
 * most failures beyond the series' usual rate; it is a burst with at least 10 failures, at most
 * half the series' active time, and a failure rate at least 10 points above the rest of the series
 * (significant at 1%). A URL burst must also fail at least 10 points more than the other URLs did
 * in the same stretch, so that a failure of everything is not pinned on one URL. The burst with the
 * most failures beyond its series' usual rate is reported; the others are named.
 *
 * @example errorBurst.check(prepareRun(run))?.filter // { name: "GET /cart" }
 */
export const errorBurst: InsightDefinition = {
  id: ID,
  set: "http_load",
  name: "Error burst",
  phases: ["live", "final"],
  check(ctx) {
    const candidates = [...urlCandidates(ctx), ...statusCandidates(ctx)].sort((a, b) => b.excess - a.excess);
    const top = candidates[0];
    if (!top) return undefined;
    const { burst } = top;
    const rate = burst.failures / burst.requests;
    const outside = burst.outsideFailures / burst.outsideRequests;
    const from = ctx.bucketStart(burst.first);
    const to = ctx.bucketEnd(burst.last);
    const rest = candidates
      .slice(1, 4)
      .map((c) => `${c.label} (${range(ctx, ctx.bucketStart(c.burst.first), ctx.bucketEnd(c.burst.last))})`);
    const more = rest.length > 0 ? ` Other bursts: ${rest.join("; ")}.` : "";
    return {
      id: ID,
      severity: "warning",
      title: `Error burst on ${top.label}: ${pct(rate)} failed ${range(ctx, from, to)}`,
      explanation:
        `${capitalize(range(ctx, from, to))}, ${count(burst.failures)} of ${count(burst.requests)} requests ` +
        `on ${top.label} failed (${pct(rate)}), against ${pct(outside)} for it during the rest of the test ` +
        `(${points(rate - outside)} more).${top.detail}${more} Failures bunched in time on one endpoint or ` +
        "status point at a specific cause: a dependency of that endpoint failing, a deployment or restart, " +
        "a rate limit or a timeout; correlate the time range with the system's logs.",
      from,
      to,
      metric: top.metric,
      filter: top.filter,
      values: {
        on: top.label,
        failures: burst.failures,
        requests: burst.requests,
        failureRate: round(rate, 4),
        outsideRate: round(outside, 4),
        bursts: candidates.length,
      },
    };
  },
};
