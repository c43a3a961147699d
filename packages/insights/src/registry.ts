import type { InsightDefinition } from "./definition.js";
import { durationTooShort } from "./insights/duration-too-short.js";
import { errorBurst } from "./insights/error-burst.js";
import { highHttpFailureRate } from "./insights/high-http-failure-rate.js";
import { highLoadgenCpu } from "./insights/high-loadgen-cpu.js";
import { highLoadgenMemory } from "./insights/high-loadgen-memory.js";
import { increasedHttpFailureRate } from "./insights/increased-http-failure-rate.js";
import { latencyRegression } from "./insights/latency-regression.js";
import { notEnoughTrainingData } from "./insights/not-enough-training-data.js";
import { responseTimeGrowsWithLoad } from "./insights/response-time-grows-with-load.js";
import { thirdPartyContent } from "./insights/third-party-content.js";
import { throughputLimit } from "./insights/throughput-limit.js";
import { tooManyGroups } from "./insights/too-many-groups.js";
import { tooManyMetrics } from "./insights/too-many-metrics.js";
import { tooManyTimeSeries } from "./insights/too-many-time-series.js";
import { tooManyUrls } from "./insights/too-many-urls.js";
import { unevenZone } from "./insights/uneven-zone.js";

/**
 * Every insight, in the order results of equal severity are listed: k6 Cloud's set in its own
 * order, then Barrage's.
 *
 * @example REGISTRY.find((d) => d.id === "http_load_throughput_limit")?.check(prepareRun(run))
 */
export const REGISTRY: readonly InsightDefinition[] = [
  throughputLimit,
  increasedHttpFailureRate,
  highHttpFailureRate,
  notEnoughTrainingData,
  durationTooShort,
  thirdPartyContent,
  tooManyUrls,
  tooManyGroups,
  tooManyMetrics,
  tooManyTimeSeries,
  highLoadgenCpu,
  highLoadgenMemory,
  responseTimeGrowsWithLoad,
  latencyRegression,
  errorBurst,
  unevenZone,
];
