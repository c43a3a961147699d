import { describe, expect, it } from "vitest";
import { ThresholdError } from "./errors.js";
import { describeAggregations, formatAggregation, parseThresholdExpression } from "./expression.js";

const parse = (source: string) => parseThresholdExpression(source, "my_metric");

describe("parseThresholdExpression", () => {
  it.each([
    ["count>10", "count"],
    ["rate<0.01", "rate"],
    ["value>=1", "value"],
    ["avg<200", "avg"],
    ["min>0", "min"],
    ["max<=3000", "max"],
    ["med<150", "med"],
  ])("reads the aggregation of %s", (source, method) => {
    expect(parse(source).aggregation).toEqual({ method });
  });

  it.each([
    ["p(95)<500", 95],
    ["p(99.9)<1000", 99.9],
    ["p(0)>1", 0],
    ["p(100)<9", 100],
    ["p(.5)<9", 0.5],
  ])("reads the percentile of %s", (source, percentile) => {
    expect(parse(source).aggregation).toEqual({ method: "p", percentile });
  });

  it.each([
    ["avg<1", "<"],
    ["avg<=1", "<="],
    ["avg>1", ">"],
    ["avg>=1", ">="],
    ["avg==1", "=="],
    ["avg===1", "==="],
    ["avg!=1", "!="],
  ])("reads the operator of %s", (source, operator) => {
    expect(parse(source)).toEqual({ source, aggregation: { method: "avg" }, operator, value: 1 });
  });

  it("allows any whitespace around the operator and at the ends, as k6 trims it", () => {
    expect(parse("  p(95) \t<=\n 500.5 ")).toEqual({
      source: "  p(95) \t<=\n 500.5 ",
      aggregation: { method: "p", percentile: 95 },
      operator: "<=",
      value: 500.5,
    });
  });

  it.each([
    ["value>-1", -1],
    ["value<+2", 2],
    ["value<1e3", 1000],
    ["value<0.25", 0.25],
    ["value<.5", 0.5],
  ])("reads the number in %s", (source, value) => {
    expect(parse(source).value).toBe(value);
  });

  it.each([
    [
      "",
      'invalid threshold "" on "my_metric": the expression is empty; write <aggregation> <operator> <number>, e.g. "p(95)<500" or "rate<0.01"',
    ],
    [
      "p(95) 500",
      'invalid threshold "p(95) 500" on "my_metric": no comparison operator; use one of <= < >= > === == !=; write <aggregation> <operator> <number>, e.g. "p(95)<500" or "rate<0.01"',
    ],
    [
      "p(95)=500",
      'invalid threshold "p(95)=500" on "my_metric": no comparison operator; use one of <= < >= > === == !=; write <aggregation> <operator> <number>, e.g. "p(95)<500" or "rate<0.01"',
    ],
    [
      "p(95)<fast",
      'invalid threshold "p(95)<fast" on "my_metric": the right-hand side "fast" is not a number; write <aggregation> <operator> <number>, e.g. "p(95)<500" or "rate<0.01"',
    ],
    [
      "avg<",
      'invalid threshold "avg<" on "my_metric": the right-hand side "" is not a number; write <aggregation> <operator> <number>, e.g. "p(95)<500" or "rate<0.01"',
    ],
    [
      "avg<1<2",
      'invalid threshold "avg<1<2" on "my_metric": the right-hand side "1<2" is not a number; write <aggregation> <operator> <number>, e.g. "p(95)<500" or "rate<0.01"',
    ],
    [
      "mean<200",
      'invalid threshold "mean<200" on "my_metric": unknown aggregation "mean"; use count, rate for a counter; value for a gauge; rate for a rate; avg, min, max, med, p(N) for a trend',
    ],
    [
      "<200",
      'invalid threshold "<200" on "my_metric": unknown aggregation ""; use count, rate for a counter; value for a gauge; rate for a rate; avg, min, max, med, p(N) for a trend',
    ],
    [
      "p(101)<200",
      'invalid threshold "p(101)<200" on "my_metric": "p(101)" is not a percentile; write p(N) with N a number from 0 to 100, e.g. p(95) or p(99.9)',
    ],
    [
      "p( 95 )<200",
      'invalid threshold "p( 95 )<200" on "my_metric": "p( 95 )" is not a percentile; write p(N) with N a number from 0 to 100, e.g. p(95) or p(99.9)',
    ],
    [
      "p(95<200",
      'invalid threshold "p(95<200" on "my_metric": "p(95" is not a percentile; write p(N) with N a number from 0 to 100, e.g. p(95) or p(99.9)',
    ],
  ])("rejects %j with a message naming the key and the expression", (source, message) => {
    expect(() => parse(source)).toThrow(new ThresholdError(message, "my_metric", source));
  });

  it("carries the key and the expression on the error", () => {
    const error = (() => {
      try {
        parse("nope");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ThresholdError);
    expect(error).toMatchObject({ key: "my_metric", expression: "nope" });
  });
});

describe("describeAggregations and formatAggregation", () => {
  it("list each type's aggregations as k6 names them", () => {
    expect(describeAggregations("counter")).toBe("count, rate");
    expect(describeAggregations("gauge")).toBe("value");
    expect(describeAggregations("rate")).toBe("rate");
    expect(describeAggregations("trend")).toBe("avg, min, max, med, p(N)");
    expect(formatAggregation({ method: "p", percentile: 99.9 })).toBe("p(99.9)");
    expect(formatAggregation({ method: "med" })).toBe("med");
  });
});
