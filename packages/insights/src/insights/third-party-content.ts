import type { InsightDefinition } from "../definition.js";
import { count, pct } from "../format.js";

/**
 * k6 fires on "many different domains" without a number; Barrage calls more than five registrable
 * domains many: a site, its API, its CDN and an auth provider fit under it.
 */
export const MAX_DOMAINS = 5;

/**
 * Second-level labels under which country-code domains are registered (example.co.uk). Without the
 * public suffix list this covers the common cases; a miss only merges or splits a few domains.
 */
const SECOND_LEVEL = new Set([
  "ac",
  "co",
  "com",
  "edu",
  "gob",
  "go",
  "gov",
  "ltd",
  "mil",
  "ne",
  "net",
  "or",
  "org",
  "plc",
  "sch",
]);

/**
 * The registrable domain of a host: "cdn.shop.example.co.uk:443" → "example.co.uk". IP addresses,
 * `localhost` and single labels stand for themselves.
 *
 * @example registrableDomain("api.example.com") // "example.com"
 */
export function registrableDomain(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1); // IPv6 literal, port dropped
  h = h.replace(/:\d+$/, "").replace(/\.$/, "");
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(h) || h.includes(":")) return h;
  const labels = h.split(".");
  if (labels.length <= 2) return h;
  const tld = labels[labels.length - 1] as string;
  const sld = labels[labels.length - 2] as string;
  const keep = tld.length === 2 && SECOND_LEVEL.has(sld) ? 3 : 2;
  return labels.slice(-keep).join(".");
}

const ID = "best_practice_third_party_content";

/**
 * best_practice_third_party_content: requests went to more than five registrable domains, which
 * usually means the script also loads CDNs, analytics or social widgets, whose owners may
 * throttle or bill the test and whose speed you cannot change.
 *
 * @example thirdPartyContent.check(prepareRun(run))?.values?.domains // 8
 */
export const thirdPartyContent: InsightDefinition = {
  id: ID,
  set: "best_practice",
  name: "Third-party content",
  phases: ["live", "final"],
  check(ctx) {
    const byDomain = new Map<string, number>();
    for (const { host, requests } of ctx.run.hosts) {
      if (!(requests > 0)) continue;
      const domain = registrableDomain(host);
      byDomain.set(domain, (byDomain.get(domain) ?? 0) + requests);
    }
    if (byDomain.size <= MAX_DOMAINS) return undefined;
    const ranked = [...byDomain].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const total = ranked.reduce((s, [, n]) => s + n, 0);
    const [main, mainRequests] = ranked[0] as [string, number];
    const others = ranked.slice(1);
    const otherRequests = total - mainRequests;
    const listed = others.slice(0, 5).map(([d, n]) => `${d} (${count(n)})`);
    const more = others.length > 5 ? ` and ${others.length - 5} more` : "";
    return {
      id: ID,
      severity: "info",
      title: `Third-party content: requests went to ${byDomain.size} different domains`,
      explanation:
        `Requests went to ${byDomain.size} registrable domains, more than ${MAX_DOMAINS}. ${main} got most ` +
        `of them (${pct(mainRequests / total)}); the other ${others.length} got ${count(otherRequests)} ` +
        `requests (${pct(otherRequests / total)}): ${listed.join(", ")}${more}. Third-party requests ` +
        "(CDNs, analytics, social widgets) may break their owners' terms, may be throttled, which skews " +
        "the percentiles, and measure services you cannot change. Remove them unless the system under " +
        "test really spans these domains.",
      from: ctx.run.startedAt,
      to: ctx.run.endedAt,
      metric: "http_reqs",
      filter: {},
      values: { domains: byDomain.size, mainDomain: main, thirdPartyRequests: otherRequests },
    };
  },
};
