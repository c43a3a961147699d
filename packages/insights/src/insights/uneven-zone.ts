import { fromUnits, Histogram } from "@barrage/hdr-native";
import type { InsightDefinition } from "../definition.js";
import { count, ms, pValue, range, round } from "../format.js";
import { compareHistograms, toHistogram } from "../stats/histogram-test.js";
import { DEFAULT_ALPHA } from "../stats/proportions.js";
import type { ZoneStats } from "../types.js";

/** Zones with fewer requests are left out: their p95 is too noisy to compare. */
export const MIN_ZONE_REQUESTS = 100;
/** The slow zone's p95 is at least 1.5× the others'… */
export const UNEVEN_RATIO = 1.5;
/** …and at least 20 ms above it. */
export const MIN_UNEVEN_MS = 20;

const ID = "http_load_uneven_zone";

interface ZoneP95 {
  zone: ZoneStats;
  p95: number;
  histogram?: Histogram;
}

/**
 * http_load_uneven_zone (Barrage): one load zone's p95 response time is at least 1.5× and 20 ms
 * above the other zones' (their merged histogram's p95 when every zone has a histogram, else the
 * median of their p95s). With histograms the slow zone must also be significantly slower than the
 * others together (Mann–Whitney U at the 1% level). Zones with fewer than 100 requests are left out.
 *
 * @example unevenZone.check(prepareRun(run))?.filter // { load_zone: "amazon:sg:singapore" }
 */
export const unevenZone: InsightDefinition = {
  id: ID,
  set: "http_load",
  name: "Uneven load zone",
  phases: ["live", "final"],
  check(ctx) {
    const zones: ZoneP95[] = [];
    for (const zone of ctx.run.zones) {
      if (!(zone.requests >= MIN_ZONE_REQUESTS)) continue;
      if (zone.histogram) {
        const histogram = toHistogram(zone.histogram);
        if (histogram.count > 0) zones.push({ zone, p95: fromUnits(histogram.percentile(0.95)), histogram });
      } else if (zone.p95 !== undefined && Number.isFinite(zone.p95)) {
        zones.push({ zone, p95: zone.p95 });
      }
    }
    if (zones.length < 2) return undefined;
    zones.sort((a, b) => b.p95 - a.p95);
    const [slow, ...others] = zones as [ZoneP95, ...ZoneP95[]];
    let othersP95: number;
    let significance = "";
    let p: number | undefined;
    if (zones.every((z) => z.histogram)) {
      const merged = new Histogram();
      for (const z of others) merged.merge(z.histogram as Histogram);
      othersP95 = fromUnits(merged.percentile(0.95));
      const cmp = compareHistograms(merged, slow.histogram as Histogram);
      if (!cmp.significant || !(cmp.probabilityBHigher > 0.5)) return undefined;
      p = cmp.pValue;
      significance =
        ` The difference is significant: Mann–Whitney U test on the zones' histograms, ${pValue(cmp.pValue)} ` +
        `(below ${DEFAULT_ALPHA}).`;
    } else {
      othersP95 = median(others.map((z) => z.p95));
    }
    if (!(othersP95 > 0) || slow.p95 < UNEVEN_RATIO * othersP95 || slow.p95 - othersP95 < MIN_UNEVEN_MS) {
      return undefined;
    }
    const ratio = slow.p95 / othersP95;
    const listed = others
      .slice(0, 5)
      .map((z) => `${z.zone.zone} ${ms(z.p95)}`)
      .join(", ");
    const values: Record<string, number | string> = {
      zone: slow.zone.zone,
      p95: round(slow.p95, 3),
      othersP95: round(othersP95, 3),
      ratio: round(ratio, 3),
    };
    if (p !== undefined) values.pValue = p;
    return {
      id: ID,
      severity: "warning",
      title: `Uneven load zone: p95 in ${slow.zone.zone} is ${ratio.toFixed(1)}× the other zones'`,
      explanation:
        `p95 response time in load zone ${slow.zone.zone} was ${ms(slow.p95)} over ${count(slow.zone.requests)} ` +
        `requests, ${ratio.toFixed(1)}× the ${ms(othersP95)} of the other zones (${listed}), ` +
        `${range(ctx, ctx.run.startedAt, ctx.run.endedAt)}.${significance} One slow zone points at the ` +
        "path from there rather than at the system as a whole: distance, a congested link, a regional " +
        "DNS or CDN answer, or a server only that zone reaches. Expected if that zone is far from the system.",
      from: ctx.run.startedAt,
      to: ctx.run.endedAt,
      metric: "http_req_duration",
      filter: { load_zone: slow.zone.zone },
      values,
    };
  },
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
