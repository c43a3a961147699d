import { ExecutionSegmentError, parseSegment, parseSegmentSequence } from "../execution/segments/index.js";
import { HOST_OVERRIDE_EXPECTED, parseHostOverride } from "../http/hosts.js";
import { KNOWN_SYSTEM_TAGS } from "./defaults.js";
import { describeValue } from "./describe-value.js";
import type { IssueList } from "./errors.js";
import {
  array,
  boolean,
  duration,
  integer,
  listOf,
  object,
  oneOf,
  type Reader,
  stringMap,
  text,
} from "./readers.js";
import { readThresholds } from "./thresholds.js";
import { trendStat } from "./trend-stats.js";
import type { SummaryTimeUnit, TestOptions } from "./types.js";

/** k6's `hosts`: names to addresses with an optional port, each value checked. */
const hostOverrides: Reader<Record<string, string>> = (value, path, issues) => {
  const map = stringMap(value, path, issues);
  if (map === undefined) return undefined;
  const bad = Object.entries(map).filter(([, target]) => parseHostOverride(target) === undefined);
  for (const [name, target] of bad) issues.add(`${path}.${name}`, HOST_OVERRIDE_EXPECTED(target));
  return bad.length === 0 ? map : undefined;
};

/**
 * Every top-level option Barrage acts on, with the type it has once read: those of
 * {@link TestOptions}, plus the shortcuts (`vus`, `duration`, `iterations`, `stages`) that become a
 * scenario. `stages` and `scenarios` stay raw here: their items are read as scenario fields, once it
 * is known which of the shortcut options win.
 */
export interface OptionValues
  extends Omit<Required<TestOptions>, "scenarios" | "summaryTimeUnit" | "ignoredOptions"> {
  vus: number;
  duration: number;
  iterations: number;
  stages: unknown[];
  scenarios: Record<string, unknown>;
  summaryTimeUnit: SummaryTimeUnit | "";
}

/** The name of an option Barrage acts on. */
export type OptionName = keyof OptionValues;

/**
 * Options k6 accepts that Barrage recognises but does not act on. They are accepted so that k6
 * scripts run unchanged, and handed back in `TestOptions.ignoredOptions` so that callers can warn.
 * Anything not here and not in {@link OPTION_READERS} is refused as unknown.
 */
export const IGNORED_OPTIONS: readonly string[] = [
  "dns",
  "rps",
  "httpDebug",
  "tlsVersion",
  "tlsCipherSuites",
  "tlsAuth",
  "blacklistIPs",
  "blockHostnames",
  "metricSamplesBufferSize",
  "ext",
];

/** Reads a segment and keeps k6's canonical form, `"1/3:2/3"`. */
const segment: Reader<string> = (value, path, issues) =>
  readSegmentText(value, path, issues, (given) => parseSegment(given).toString());

/** Reads a sequence and keeps k6's canonical form, `"0,1/3,2/3,1"` (or `""` for none). */
const sequence: Reader<string> = (value, path, issues) =>
  readSegmentText(value, path, issues, (given) => parseSegmentSequence(given)?.toString() ?? "");

function readSegmentText(
  value: unknown,
  path: string,
  issues: IssueList,
  canonical: (given: string) => string,
): string | undefined {
  if (typeof value !== "string") {
    issues.add(
      path,
      `${describeValue(value)} is not a string; write segments like "1/3:2/3" and sequences like "0,1/3,2/3,1"`,
    );
    return undefined;
  }
  try {
    return canonical(value);
  } catch (error) {
    if (!(error instanceof ExecutionSegmentError)) throw error;
    issues.add(path, error.message);
    return undefined;
  }
}

/** "" means "each value picks its own unit", as k6's flag default. */
const summaryTimeUnit: Reader<SummaryTimeUnit | ""> = (value, path, issues) =>
  value === "" ? "" : oneOf<SummaryTimeUnit>(["s", "ms", "us"], "a summary time unit")(value, path, issues);

/** How each option Barrage acts on is read and checked. */
export const OPTION_READERS: { readonly [K in OptionName]: Reader<OptionValues[K]> } = {
  vus: integer(0),
  duration: duration(),
  iterations: integer(0),
  stages: array,
  scenarios: object,
  executionSegment: segment,
  executionSegmentSequence: sequence,
  thresholds: readThresholds,
  summaryTrendStats: listOf(trendStat),
  summaryTimeUnit,
  setupTimeout: duration(),
  teardownTimeout: duration(),
  noSetup: boolean,
  noTeardown: boolean,
  paused: boolean,
  userAgent: text(),
  insecureSkipTLSVerify: boolean,
  noConnectionReuse: boolean,
  noVUConnectionReuse: boolean,
  maxRedirects: integer(0),
  batch: integer(0),
  batchPerHost: integer(0),
  discardResponseBodies: boolean,
  throw: boolean,
  noCookiesReset: boolean,
  minIterationDuration: duration(),
  tags: stringMap,
  systemTags: listOf(oneOf(KNOWN_SYSTEM_TAGS, "a system tag")),
  cloud: object,
  hosts: hostOverrides,
};

/** All option names k6 scripts may use here: acted on or ignored. */
export const KNOWN_OPTION_NAMES: readonly string[] = [...Object.keys(OPTION_READERS), ...IGNORED_OPTIONS];
