import type { RunContext } from "../context.js";
import type { InsightDefinition } from "../definition.js";
import { count, ms, pct, range, round } from "../format.js";
import { fitLoadCurve, predictHinge } from "../stats/change-point.js";
import { curveByLevel, MIN_LEVELS, spanAtOrAbove } from "./load-curve.js";

/** After the knee, each added VU brings at most this share of the requests per second it brought before. */
export const FLAT_SLOPE_RATIO = 0.1;
/** VUs kept growing at least this much past the knee (+25%): more load was offered and not served. */
export const MIN_LOAD_BEYOND_KNEE = 1.25;
/** Throughput grew at least this much up to the knee (+20%), so there was a rise to level off from. */
export const MIN_RISE_BEFORE_KNEE = 1.2;

const ID = "http_load_throughput_limit";

/**
 * http_load_throughput_limit: requests per second stopped growing while VUs kept growing. k6 looks
 * for requests in flight growing with VUs while completed requests per second stay flat; in a test
 * driven by VUs the requests in flight are the VUs waiting for answers, so Barrage fits completed
 * requests per second against the VU level with change-point detection (flat / line / two-segment
 * line by BIC) and fires when the two-segment line wins and its slope after the knee is at most
 * 10% of the slope before it, with VUs at least 25% past the knee and throughput at least 20% up
 * before it.
 *
 * @example throughputLimit.check(prepareRun(run))?.values?.kneeVus // 50
 */
export const throughputLimit: InsightDefinition = {
  id: ID,
  set: "http_load",
  name: "Throughput limit",
  // Needs the whole ramp, and tries up to 200 breakpoints: once, at the end.
  phases: ["final"],
  check(ctx) {
    const perSecond = 1000 / ctx.periodMs;
    const curve = curveByLevel(ctx, (i) => (ctx.requests[i] as number) * perSecond);
    if (curve.levels.length < MIN_LEVELS) return undefined;
    const fit = fitLoadCurve(curve.levels, curve.values);
    const hinge = fit.hinge;
    if (fit.model !== "hinge" || !hinge || !(hinge.slopeBefore > 0)) return undefined;
    if (hinge.slopeAfter > FLAT_SLOPE_RATIO * hinge.slopeBefore) return undefined;
    const minLevel = curve.levels[0] as number;
    const maxLevel = curve.levels[curve.levels.length - 1] as number;
    const knee = hinge.breakpoint;
    if (maxLevel < MIN_LOAD_BEYOND_KNEE * knee) return undefined;
    const atKnee = predictHinge(hinge, knee);
    const atStart = predictHinge(hinge, minLevel);
    if (!(atKnee >= MIN_RISE_BEFORE_KNEE * atStart)) return undefined;
    const atMax = predictHinge(hinge, maxLevel);
    const { from, to } = spanAtOrAbove(ctx, knee);
    const p95Note = p95Change(ctx, knee, maxLevel);
    return {
      id: ID,
      severity: "warning",
      title: `Throughput limit: requests per second stopped growing at about ${count(knee)} VUs`,
      explanation:
        `Requests per second grew with the load up to about ${count(knee)} VUs (${rate(atKnee)}), then ` +
        `stayed near ${rate(atMax)} while VUs grew to ${count(maxLevel)} ` +
        `(${pct(maxLevel / knee - 1)} more), ${range(ctx, from, to)}. Beyond the knee each added VU changed ` +
        `throughput by ${perVu(hinge.slopeAfter)} requests/s, against ${perVu(hinge.slopeBefore)} before: the ` +
        `extra VUs only added requests in flight, waiting.${p95Note} The system under test is at its ` +
        "throughput limit; correlate with its own monitoring to find the saturated resource, then rerun at the same VU level.",
      from,
      to,
      metric: "http_reqs",
      filter: {},
      values: {
        kneeVus: knee,
        maxVus: maxLevel,
        requestsPerSecondAtKnee: round(atKnee, 2),
        requestsPerSecondAtMax: round(atMax, 2),
        slopeBefore: round(hinge.slopeBefore, 4),
        slopeAfter: round(hinge.slopeAfter, 4),
      },
    };
  },
};

/** A change per VU with its sign: "+5.0", "-2.1", "0.0" (never "-0.0"). */
function perVu(value: number): string {
  const text = value.toFixed(1);
  if (Number(text) === 0) return "0.0";
  return value > 0 ? `+${text}` : text;
}

function rate(perSecond: number): string {
  return `${perSecond.toFixed(perSecond >= 100 ? 0 : 1)} requests/s`;
}

/** " Meanwhile p95 went from A at the knee to B at the peak." when the p95 series has both. */
function p95Change(ctx: RunContext, knee: number, maxLevel: number): string {
  const curve = curveByLevel(ctx, (i) => ctx.p95[i] as number);
  const at = (level: number) => curve.values[curve.levels.indexOf(level)];
  const a = at(knee);
  const b = at(maxLevel);
  if (a === undefined || b === undefined) return "";
  return ` Meanwhile p95 response time went from ${ms(a)} at ${count(knee)} VUs to ${ms(b)} at ${count(maxLevel)} VUs.`;
}
