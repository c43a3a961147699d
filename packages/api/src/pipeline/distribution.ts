import { ScriptError } from "@barrage/runner";

/** One entry of `options.cloud.distribution`: a share of the test in one load zone. */
export interface ZoneShare {
  /** The entry's key in `distribution`, e.g. `"eu"`. */
  label: string;
  /** The load zone's name. */
  loadZone: string;
  /** Whole percent of the test, 1 to 100; the shares of a run add up to 100. */
  percent: number;
}

/** The zone of a test without a `distribution`: all of it on this host (design.md, "Running it"). */
export const DEFAULT_LOAD_ZONE = "local";

/**
 * Reads `options.cloud.distribution` (`{label: {loadZone, percent}}`, k6 Cloud's form), sorted by
 * label: key order does not survive the options' trip through jsonb, and the split must not depend
 * on it. Without a distribution, the whole test runs in {@link DEFAULT_LOAD_ZONE}. Throws a ScriptError naming the option path for
 * a malformed entry, a zone named twice, or percents that do not add up to 100.
 *
 * @example
 * parseDistribution({ distribution: { eu: { loadZone: "local", percent: 60 }, us: { loadZone: "aws-us", percent: 40 } } })
 */
export function parseDistribution(cloud: Record<string, unknown> | undefined): ZoneShare[] {
  const distribution = cloud?.distribution;
  if (distribution === undefined) return [{ label: "default", loadZone: DEFAULT_LOAD_ZONE, percent: 100 }];
  const path = "options.cloud.distribution";
  const refuse = (where: string, message: string): never => {
    throw new ScriptError(`${where}: ${message}`, "validation");
  };
  if (typeof distribution !== "object" || distribution === null || Array.isArray(distribution)) {
    return refuse(path, 'must be an object like {eu: {loadZone: "local", percent: 100}}');
  }
  const shares = Object.entries(distribution)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([label, entry]): ZoneShare => {
      const { loadZone, percent } = (entry ?? {}) as { loadZone?: unknown; percent?: unknown };
      if (typeof loadZone !== "string" || loadZone === "")
        refuse(`${path}.${label}.loadZone`, "must name a load zone");
      if (typeof percent !== "number" || !Number.isInteger(percent) || percent < 1 || percent > 100) {
        refuse(
          `${path}.${label}.percent`,
          `must be a whole number from 1 to 100, not ${JSON.stringify(percent)}`,
        );
      }
      return { label, loadZone: loadZone as string, percent: percent as number };
    });
  if (shares.length === 0) refuse(path, "lists no load zone");
  const zones = new Set<string>();
  for (const share of shares) {
    if (zones.has(share.loadZone)) {
      refuse(
        `${path}.${share.label}.loadZone`,
        `zone "${share.loadZone}" is listed twice; give it one entry`,
      );
    }
    zones.add(share.loadZone);
  }
  const total = shares.reduce((sum, share) => sum + share.percent, 0);
  if (total !== 100) refuse(path, `the percents add up to ${total}; they must add up to 100`);
  return shares;
}
