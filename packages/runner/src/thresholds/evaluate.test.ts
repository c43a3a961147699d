import { describe, expect, it } from "vitest";
import { aggregate, evaluateThreshold } from "./evaluate.js";
import { parseThresholdExpression } from "./expression.js";
import type { Sink } from "./metric.js";
import { trendOf } from "./sinks.test-helpers.js";

const check = (source: string, sink: Sink | undefined, elapsedMs = 10_000) =>
  evaluateThreshold(parseThresholdExpression(source, "m"), sink, elapsedMs);

describe("evaluateThreshold", () => {
  it("checks a counter's count and its rate per second of elapsed time", () => {
    const sink: Sink = { type: "counter", count: 50 };
    expect(check("count==50", sink)).toEqual({ ok: true, value: 50 });
    expect(check("count>50", sink)).toEqual({ ok: false, value: 50 });
    expect(check("rate>=5", sink, 10_000)).toEqual({ ok: true, value: 5 });
    expect(check("rate>=5", sink, 20_000)).toEqual({ ok: false, value: 2.5 });
  });

  it("gives a counter a rate of 0 before any time has passed", () => {
    expect(check("rate<1", { type: "counter", count: 3 }, 0)).toEqual({ ok: true, value: 0 });
  });

  it("checks a gauge's last value, not its min or max", () => {
    const sink: Sink = { type: "gauge", value: 7, min: 1, max: 30 };
    expect(check("value<10", sink)).toEqual({ ok: true, value: 7 });
    expect(check("value!=7", sink)).toEqual({ ok: false, value: 7 });
  });

  it("checks a rate's share of non-zero samples", () => {
    const sink: Sink = { type: "rate", passes: 1, fails: 3 };
    expect(check("rate<0.25", sink)).toEqual({ ok: false, value: 0.25 });
    expect(check("rate<=0.25", sink)).toEqual({ ok: true, value: 0.25 });
    expect(check("rate===0.25", sink)).toEqual({ ok: true, value: 0.25 });
  });

  it("checks every trend aggregation", () => {
    const sink = trendOf([10, 20, 30, 40, 100]);
    expect(check("avg==40", sink)).toEqual({ ok: true, value: 40 });
    expect(check("min>10", sink)).toEqual({ ok: false, value: 10 });
    expect(check("max<=100", sink)).toEqual({ ok: true, value: 100 });
    expect(check("med<30", sink)).toEqual({ ok: false, value: 30 });
    expect(check("p(90)<=76", sink)).toEqual({ ok: true, value: 76 });
    expect(check("p(75)>40", sink)).toEqual({ ok: false, value: 40 });
    expect(check("p(0)==10", sink)).toEqual({ ok: true, value: 10 });
    expect(check("p(100)==100", sink)).toEqual({ ok: true, value: 100 });
  });

  it("passes a threshold with no data, with no value", () => {
    expect(check("count>100", undefined)).toEqual({ ok: true, value: null });
    expect(check("rate>0.99", { type: "rate", passes: 0, fails: 0 })).toEqual({ ok: true, value: null });
    expect(check("p(95)<0", trendOf([]))).toEqual({ ok: true, value: null });
  });

  it("still checks a counter that received only zeros: that is data", () => {
    expect(check("count>0", { type: "counter", count: 0 })).toEqual({ ok: false, value: 0 });
  });
});

describe("aggregate", () => {
  it("refuses a sink whose type lacks the aggregation", () => {
    expect(() => aggregate({ method: "value" }, { type: "counter", count: 1 }, 1000)).toThrow(
      new TypeError("a counter sink has no value aggregation; it has count, rate"),
    );
    expect(() =>
      aggregate({ method: "p", percentile: 95 }, { type: "rate", passes: 1, fails: 0 }, 1000),
    ).toThrow(new TypeError("a rate sink has no p(95) aggregation; it has rate"));
  });
});
