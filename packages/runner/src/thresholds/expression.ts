import { ThresholdError } from "./errors.js";
import type { MetricType } from "./metric.js";
import { parseDecimal, parsePercentile } from "./percentile.js";

/** A comparison operator of a threshold expression. `==` and `===` are the same, as in k6. */
export type Operator = "<" | "<=" | ">" | ">=" | "==" | "===" | "!=";

/** The named (non-percentile) aggregation methods. */
export type NamedAggregation = "count" | "rate" | "value" | "avg" | "min" | "max" | "med";

/** The left-hand side of a threshold expression: a named aggregation, or a percentile `p(N)`. */
export type Aggregation =
  | { readonly method: NamedAggregation }
  | { readonly method: "p"; readonly percentile: number };

/** A parsed threshold expression such as `p(95) < 500`. */
export interface ThresholdExpression {
  /** The expression exactly as written; the summary and the logs name thresholds by it. */
  readonly source: string;
  readonly aggregation: Aggregation;
  readonly operator: Operator;
  readonly value: number;
}

/** The aggregation methods each metric type supports, in k6's order; `p` stands for `p(N)`. */
export const AGGREGATIONS_BY_TYPE: Readonly<Record<MetricType, readonly (NamedAggregation | "p")[]>> = {
  counter: ["count", "rate"],
  gauge: ["value"],
  rate: ["rate"],
  trend: ["avg", "min", "max", "med", "p"],
};

// k6 scans for the operators in this order and splits at the first one found, so the two-character
// operators must come before their one-character prefixes.
const OPERATORS: readonly Operator[] = ["<=", "<", ">=", ">", "===", "==", "!="];

const NAMED: ReadonlySet<string> = new Set<NamedAggregation>([
  "count",
  "rate",
  "value",
  "avg",
  "min",
  "max",
  "med",
]);

const SYNTAX = 'write <aggregation> <operator> <number>, e.g. "p(95)<500" or "rate<0.01"';

/**
 * Lists the aggregations of a metric type for error messages, `p(N)` spelled out.
 *
 * @example describeAggregations("counter") // "count, rate"
 */
export function describeAggregations(type: MetricType): string {
  return AGGREGATIONS_BY_TYPE[type].map((m) => (m === "p" ? "p(N)" : m)).join(", ");
}

/**
 * Parses a threshold expression `<aggregation> <operator> <number>` with k6's grammar: any whitespace
 * around the operator and at the ends, none inside `p(N)`. Whether the aggregation suits the metric is
 * checked later, once the metrics are known (see `bindThresholds`).
 *
 * @param source the expression, e.g. `"p(95) < 500"`
 * @param key the `options.thresholds` key it belongs to, named in errors
 * @throws {ThresholdError} naming the key and the expression, and saying what is allowed
 */
export function parseThresholdExpression(source: string, key: string): ThresholdExpression {
  const fail: (reason: string) => never = (reason) => {
    throw new ThresholdError(
      `invalid threshold ${JSON.stringify(source)} on ${JSON.stringify(key)}: ${reason}`,
      key,
      source,
    );
  };
  if (source.trim() === "") fail(`the expression is empty; ${SYNTAX}`);

  const operator = OPERATORS.find((op) => source.includes(op));
  if (operator === undefined) fail(`no comparison operator; use one of ${OPERATORS.join(" ")}; ${SYNTAX}`);
  const at = source.indexOf(operator);
  const left = source.slice(0, at).trim();
  const right = source.slice(at + operator.length).trim();

  const value = parseDecimal(right);
  if (value === undefined) {
    fail(`the right-hand side ${JSON.stringify(right)} is not a number; ${SYNTAX}`);
  }
  return { source, aggregation: parseAggregation(left, fail), operator, value };
}

function parseAggregation(text: string, fail: (reason: string) => never): Aggregation {
  if (NAMED.has(text)) return { method: text as NamedAggregation };
  if (text.startsWith("p(")) {
    const percentile = parsePercentile(text);
    if (percentile === undefined) {
      fail(
        `${JSON.stringify(text)} is not a percentile; write p(N) with N a number from 0 to 100, e.g. p(95) or p(99.9)`,
      );
    }
    return { method: "p", percentile };
  }
  const byType = (Object.keys(AGGREGATIONS_BY_TYPE) as MetricType[])
    .map((type) => `${describeAggregations(type)} for a ${type}`)
    .join("; ");
  return fail(`unknown aggregation ${JSON.stringify(text)}; use ${byType}`);
}

/**
 * Writes an aggregation back the way k6 names it in messages: the method, or `p(N)` with N as given.
 *
 * @example formatAggregation({ method: "p", percentile: 99.9 }) // "p(99.9)"
 */
export function formatAggregation(aggregation: Aggregation): string {
  return aggregation.method === "p" ? `p(${aggregation.percentile})` : aggregation.method;
}
