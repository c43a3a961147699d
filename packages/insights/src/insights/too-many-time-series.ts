import { cardinalityLimit } from "./cardinality-limit.js";

/**
 * k6 fires on "a high number of time series" without a number. Barrage stores a row per series per
 * second: 20,000 series is 20,000 rows a second, where ingest and queries slow down.
 */
export const MAX_TIME_SERIES = 20_000;

/**
 * best_practice_too_many_time_series: more than 20,000 distinct (metric, tag set) series, usually
 * a tag with a value per request or per iteration.
 *
 * @example tooManyTimeSeries.check(prepareRun(run))?.values?.count // 20001
 */
export const tooManyTimeSeries = cardinalityLimit({
  id: "best_practice_too_many_time_series",
  name: "Too many time series",
  field: "timeSeries",
  limit: MAX_TIME_SERIES,
  severity: "warning",
  noun: "time series",
  advice:
    "Every distinct combination of tag values is a series of its own. Group URLs with the name tag, " +
    "keep custom tags to a few values, and drop tags nobody reads.",
});
