import { describe, expect, it } from "vitest";
import { bindThresholds } from "./bind.js";
import { parseThresholds } from "./config.js";
import { ThresholdError } from "./errors.js";
import type { MetricInfo } from "./metric.js";

const METRICS: MetricInfo[] = [
  { name: "http_req_duration", type: "trend", contains: "time" },
  { name: "http_req_failed", type: "rate", contains: "default" },
  { name: "http_reqs", type: "counter", contains: "default" },
  { name: "vus", type: "gauge", contains: "default" },
  { name: "my_trend", type: "trend", contains: "default" },
];

const bind = (raw: unknown) => bindThresholds(parseThresholds(raw), METRICS);

describe("bindThresholds", () => {
  it("binds each target to its metric, sub-metrics taking the parent's type under their own name", () => {
    const set = bind({ http_reqs: ["count>0"], "http_req_duration{status:200}": ["p(95)<500"] });
    expect(set.targets.map((t) => t.info)).toEqual([
      { name: "http_reqs", type: "counter", contains: "default" },
      { name: "http_req_duration{status:200}", type: "trend", contains: "time" },
    ]);
    expect(set.subMetrics.map((s) => [s.name, s.metric, { ...s.tags }])).toEqual([
      ["http_req_duration{status:200}", "http_req_duration", { status: "200" }],
    ]);
  });

  it.each([
    ["http_reqs", ["count>1", "rate>1"]],
    ["vus", ["value>1"]],
    ["http_req_failed", ["rate<0.1"]],
    ["http_req_duration", ["avg<1", "min<1", "max<1", "med<1", "p(99.9)<1"]],
  ])("accepts every aggregation of %s's type", (metric, expressions) => {
    expect(bind({ [metric]: expressions }).targets[0]?.thresholds).toHaveLength(expressions.length);
  });

  it.each([
    ["http_reqs", "avg<1", "http_reqs is a counter metric, which has no avg; use count, rate"],
    ["vus", "max<1", "vus is a gauge metric, which has no max; use value"],
    ["http_req_failed", "count<1", "http_req_failed is a rate metric, which has no count; use rate"],
    [
      "http_req_duration",
      "value<1",
      "http_req_duration is a trend metric, which has no value; use avg, min, max, med, p(N)",
    ],
    [
      "http_req_duration{status:500}",
      "rate<1",
      "http_req_duration is a trend metric, which has no rate; use avg, min, max, med, p(N)",
    ],
  ])("rejects on %s the aggregation of %s, listing the valid ones", (key, expression, reason) => {
    expect(() => bind({ [key]: [expression] })).toThrow(
      new ThresholdError(
        `invalid threshold ${JSON.stringify(expression)} on ${JSON.stringify(key)}: ${reason}`,
        key,
        expression,
      ),
    );
  });

  it("rejects an unknown metric, suggesting near names", () => {
    expect(() => bind({ "http_req_duraton{status:200}": ["p(95)<1"] })).toThrow(
      new ThresholdError(
        'invalid threshold key "http_req_duraton{status:200}": no metric named "http_req_duraton"; did you mean "http_req_duration"? ' +
          'Thresholds apply to built-in metrics and to custom metrics created in the init context, e.g. new Trend("http_req_duraton")',
        "http_req_duraton{status:200}",
      ),
    );
    expect(() => bind({ My_Trend: ["avg<1"] })).toThrow(/did you mean "my_trend"\?/);
    expect(() => bind({ http_req: ["count<1"] })).toThrow(/did you mean "http_reqs"\?/);
  });

  it("rejects an unknown metric with no near name without suggesting", () => {
    expect(() => bind({ login_time: ["avg<1"] })).toThrow(
      new ThresholdError(
        'invalid threshold key "login_time": no metric named "login_time". ' +
          'Thresholds apply to built-in metrics and to custom metrics created in the init context, e.g. new Trend("login_time")',
        "login_time",
      ),
    );
  });
});
