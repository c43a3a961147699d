import type { InsightDefinition } from "../definition.js";
import { count, ms, pct, range, round } from "../format.js";
import { fitLoadCurve, predictLoadCurve } from "../stats/change-point.js";
import { curveByLevel, MIN_LEVELS, spanAtOrAbove } from "./load-curve.js";

/** p95 at the highest load is at least this multiple of p95 where the climb starts. */
export const MIN_RISE_RATIO = 1.5;
/** …and at least this many ms higher, so that 2 ms → 3 ms on a local target does not count. */
export const MIN_RISE_MS = 20;

const ID = "http_load_response_time_grows_with_load";

/**
 * http_load_response_time_grows_with_load (Barrage): p95 response time climbs with the number of
 * VUs. p95 per VU level is fitted with change-point detection (flat / one line / two-segment line,
 * chosen by BIC); the breakpoint of the two-segment line is the VU level where p95 starts to climb.
 * Fires when p95 at the highest load is at least 1.5× and 20 ms above p95 at that level (or at the
 * lowest level, when p95 climbs from the start).
 *
 * @example responseTimeGrowsWithLoad.check(prepareRun(run))?.values?.startVus // 50
 */
export const responseTimeGrowsWithLoad: InsightDefinition = {
  id: ID,
  set: "http_load",
  name: "Response time grows with load",
  // Needs the whole ramp, and tries up to 200 breakpoints: once, at the end.
  phases: ["final"],
  check(ctx) {
    const curve = curveByLevel(ctx, (i) =>
      (ctx.requests[i] as number) > 0 ? (ctx.p95[i] as number) : Number.NaN,
    );
    if (curve.levels.length < MIN_LEVELS) return undefined;
    const fit = fitLoadCurve(curve.levels, curve.values);
    if (fit.model === "flat") return undefined;
    const minLevel = curve.levels[0] as number;
    const maxLevel = curve.levels[curve.levels.length - 1] as number;
    // A knee only marks where the climb starts if p95 climbs faster after it than before.
    const kneed =
      fit.model === "hinge" && fit.hinge !== undefined && fit.hinge.slopeAfter > fit.hinge.slopeBefore;
    const start = kneed && fit.hinge ? fit.hinge.breakpoint : minLevel;
    const atStart = predictLoadCurve(fit, start);
    const atMax = predictLoadCurve(fit, maxLevel);
    if (!(atStart > 0) || atMax < MIN_RISE_RATIO * atStart || atMax - atStart < MIN_RISE_MS) return undefined;
    const { from, to } = spanAtOrAbove(ctx, start);
    const where = kneed
      ? `p95 response time stayed near ${ms(atStart)} up to about ${count(start)} VUs, then climbed`
      : `p95 response time climbed from the lowest load on, from ${ms(atStart)} at ${count(start)} VUs`;
    return {
      id: ID,
      severity: "warning",
      title: kneed
        ? `Response time grows with load: p95 starts to climb at about ${count(start)} VUs`
        : `Response time grows with load: p95 climbs from ${count(start)} VUs on`,
      explanation:
        `${where} to ${ms(atMax)} at ${count(maxLevel)} VUs (${pct(atMax / atStart - 1)} more), ` +
        `${range(ctx, from, to)}. Response time that grows with the number of users means requests queue ` +
        `somewhere in the system under test: ${count(start)} VUs is where it starts to saturate. Look for ` +
        "the resource that saturates there (CPU, connection pools, locks, a downstream service).",
      from,
      to,
      metric: "http_req_duration",
      filter: {},
      values: {
        startVus: start,
        maxVus: maxLevel,
        p95AtStart: round(atStart, 2),
        p95AtMax: round(atMax, 2),
        model: fit.model,
      },
    };
  },
};
