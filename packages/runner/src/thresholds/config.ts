import { parseDurationMs } from "./duration.js";
import { ThresholdError } from "./errors.js";
import { parseThresholdExpression, type ThresholdExpression } from "./expression.js";
import { parseThresholdKey, type SubMetricSpec, sameSubMetric } from "./sub-metric.js";

/** One threshold expression with its abort settings. */
export interface ThresholdSpec {
  /** The `options.thresholds` key it was written under. */
  readonly key: string;
  readonly expression: ThresholdExpression;
  /** Stop the test as soon as a periodic evaluation finds it failing (after `delayAbortEvalMs`). */
  readonly abortOnFail: boolean;
  /** Test time that must have passed before a failure may abort the test; `undefined`: none. */
  readonly delayAbortEvalMs: number | undefined;
}

/** A metric or sub-metric and the thresholds set on it. */
export interface ThresholdTarget {
  /** The first `options.thresholds` key naming this metric or sub-metric. */
  readonly key: string;
  readonly metric: string;
  readonly subMetric: SubMetricSpec | undefined;
  /** The metric's name, or the sub-metric's (`metric{tags}`): the name its sink is kept under. */
  readonly name: string;
  readonly thresholds: readonly ThresholdSpec[];
}

const ITEM_KEYS = new Set(["threshold", "abortOnFail", "delayAbortEval"]);
const VALUE_FORMAT =
  'an expression string, or an array of expression strings and {threshold, abortOnFail, delayAbortEval} objects, e.g. ["p(95)<500", {threshold: "rate<0.01", abortOnFail: true, delayAbortEval: "10s"}]';

/**
 * Parses `options.thresholds` (syntax only): every key into a metric or sub-metric, every expression
 * into a {@link ThresholdExpression}. Keys naming the same sub-metric with the tags in another order
 * share one target. Nothing is known yet about which metrics exist: see `bindThresholds`.
 *
 * @param raw the script's `options.thresholds`; `undefined` or `null` means no thresholds
 * @throws {ThresholdError} naming the key and the expression, and saying what is allowed
 */
export function parseThresholds(raw: unknown): ThresholdTarget[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new ThresholdError(
      `options.thresholds must be an object mapping metric names to thresholds, e.g. {http_req_duration: ["p(95)<500"]}; got ${describe(raw)}`,
    );
  }
  const targets: ThresholdTarget[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const { metric, subMetric } = parseThresholdKey(key);
    const thresholds = listItems(key, value).map((item) => parseItem(key, item));
    const same = subMetric && targets.find((t) => t.subMetric && sameSubMetric(t.subMetric, subMetric));
    if (same) {
      targets[targets.indexOf(same)] = { ...same, thresholds: [...same.thresholds, ...thresholds] };
    } else {
      targets.push({ key, metric, subMetric, name: subMetric?.name ?? metric, thresholds });
    }
  }
  return targets;
}

function listItems(key: string, value: unknown): unknown[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value;
  throw new ThresholdError(
    `invalid thresholds on ${JSON.stringify(key)}: expected ${VALUE_FORMAT}; got ${describe(value)}`,
    key,
  );
}

function parseItem(key: string, item: unknown): ThresholdSpec {
  if (typeof item === "string") {
    return {
      key,
      expression: parseThresholdExpression(item, key),
      abortOnFail: false,
      delayAbortEvalMs: undefined,
    };
  }
  if (typeof item !== "object" || item === null || Array.isArray(item)) {
    throw new ThresholdError(
      `invalid threshold on ${JSON.stringify(key)}: each entry must be an expression string or a {threshold, abortOnFail, delayAbortEval} object; got ${describe(item)}`,
      key,
    );
  }
  const fields = item as Record<string, unknown>;
  const { threshold, abortOnFail = false, delayAbortEval } = fields;
  const fail: (reason: string) => never = (reason) => {
    const what = typeof threshold === "string" ? ` ${JSON.stringify(threshold)}` : "";
    throw new ThresholdError(
      `invalid threshold${what} on ${JSON.stringify(key)}: ${reason}`,
      key,
      typeof threshold === "string" ? threshold : undefined,
    );
  };
  const unknown = Object.keys(fields).filter((field) => !ITEM_KEYS.has(field));
  if (unknown.length > 0) {
    fail(
      `unknown field ${unknown.map((f) => JSON.stringify(f)).join(", ")}; allowed: ${[...ITEM_KEYS].join(", ")}`,
    );
  }
  if (typeof threshold !== "string") {
    fail(`"threshold" must be an expression string such as "p(95)<500"; got ${describe(threshold)}`);
  }
  if (typeof abortOnFail !== "boolean")
    fail(`"abortOnFail" must be true or false; got ${describe(abortOnFail)}`);
  return {
    key,
    expression: parseThresholdExpression(threshold, key),
    abortOnFail,
    delayAbortEvalMs: parseDelay(delayAbortEval, fail),
  };
}

function parseDelay(value: unknown, fail: (reason: string) => never): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === "string" || typeof value === "number" ? parseDurationMs(value) : undefined;
  if (ms === undefined) {
    fail(
      `"delayAbortEval" must be a duration such as "10s", "1m30s" or a number of milliseconds; got ${describe(value)}`,
    );
  }
  return ms;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}
