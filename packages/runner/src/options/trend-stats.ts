import { describeValue } from "./describe-value.js";
import type { Reader } from "./readers.js";

const NAMED_STATS = ["avg", "min", "med", "max", "count"];
const PERCENTILE = /^p\((\d+(?:\.\d+)?)\)$/;

/**
 * One `summaryTrendStats` column, as k6's `GetResolversForTrendColumns` accepts it: `avg`, `min`,
 * `med`, `max`, `count`, or a percentile `p(N)` with `0 <= N <= 100` (`p(99.9)`).
 */
export const trendStat: Reader<string> = (value, path, issues) => {
  if (typeof value === "string" && NAMED_STATS.includes(value)) return value;
  const percentile = typeof value === "string" ? PERCENTILE.exec(value) : null;
  if (percentile && Number(percentile[1]) <= 100) return value as string;
  issues.add(
    path,
    `${describeValue(value)} is not a trend stat; use ${NAMED_STATS.join(", ")} or p(N) with N from 0 to 100, like p(99.9)`,
  );
  return undefined;
};
