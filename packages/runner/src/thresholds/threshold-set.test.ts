import { describe, expect, it } from "vitest";
import { bindThresholds } from "./bind.js";
import { parseThresholds } from "./config.js";
import type { MetricInfo, Sink } from "./metric.js";
import { trendOf } from "./sinks.test-helpers.js";

const METRICS: MetricInfo[] = [
  { name: "http_req_duration", type: "trend", contains: "time" },
  { name: "http_req_failed", type: "rate", contains: "default" },
  { name: "http_reqs", type: "counter", contains: "default" },
];

function setOf(raw: unknown) {
  return bindThresholds(parseThresholds(raw), METRICS);
}

function sinks(entries: Record<string, Sink>) {
  return (name: string): Sink | undefined => entries[name];
}

const failing = sinks({
  http_req_failed: { type: "rate", passes: 5, fails: 5 },
  http_req_duration: trendOf([900, 1000]),
  "http_req_duration{status:200}": trendOf([100]),
});

describe("ThresholdSet.evaluate", () => {
  it("reports every threshold in options order with its value, and the failed metrics sorted", () => {
    const set = setOf({
      http_req_failed: ["rate<0.1"],
      http_req_duration: ["p(95)<500", "max<2000"],
      "http_req_duration{status:200}": ["avg<200"],
      http_reqs: ["count>0"],
    });
    const round = set.evaluate(failing, 4000, "final");
    expect(round.ok).toBe(false);
    expect(round.results.map((r) => [r.name, r.source, r.ok, r.value])).toEqual([
      ["http_req_failed", "rate<0.1", false, 0.5],
      ["http_req_duration", "p(95)<500", false, 995],
      ["http_req_duration", "max<2000", true, 1000],
      ["http_req_duration{status:200}", "avg<200", true, 100],
      ["http_reqs", "count>0", true, null],
    ]);
    expect(round.failedMetrics).toEqual(["http_req_duration", "http_req_failed"]);
    expect(round.abort).toBeUndefined();
  });

  it("is ok when every threshold holds", () => {
    const round = setOf({ http_req_duration: ["p(95)<5000"] }).evaluate(failing, 1000, "periodic");
    expect(round).toMatchObject({ ok: true, failedMetrics: [], abort: undefined });
  });

  it("requests an abort at a periodic evaluation when an abortOnFail threshold fails, with k6's message", () => {
    const set = setOf({
      http_req_duration: ["p(95)<500"],
      http_req_failed: [{ threshold: "rate<0.1", abortOnFail: true }],
    });
    const round = set.evaluate(failing, 2000, "periodic");
    expect(round.abort?.threshold).toMatchObject({
      name: "http_req_failed",
      source: "rate<0.1",
      abortOnFail: true,
    });
    expect(round.abort?.message).toBe(
      "thresholds on metrics 'http_req_duration, http_req_failed' were crossed; at least one has abortOnFail enabled, stopping test prematurely",
    );
  });

  it("never requests an abort at the final evaluation", () => {
    const set = setOf({ http_req_failed: [{ threshold: "rate<0.1", abortOnFail: true }] });
    expect(set.evaluate(failing, 2000, "final")).toMatchObject({ ok: false, abort: undefined });
  });

  it("does not abort for a failing threshold without abortOnFail", () => {
    const set = setOf({ http_req_failed: ["rate<0.1"] });
    expect(set.evaluate(failing, 2000, "periodic")).toMatchObject({ ok: false, abort: undefined });
  });

  it("waits until more than delayAbortEval of test time has passed, as k6 compares", () => {
    const set = setOf({
      http_req_failed: [{ threshold: "rate<0.1", abortOnFail: true, delayAbortEval: "10s" }],
    });
    expect(set.evaluate(failing, 8000, "periodic").abort).toBeUndefined();
    expect(set.evaluate(failing, 10_000, "periodic").abort).toBeUndefined();
    expect(set.evaluate(failing, 10_001, "periodic").abort?.threshold.source).toBe("rate<0.1");
  });

  it("names the first abortOnFail threshold past its delay as the cause", () => {
    const set = setOf({
      http_req_duration: [{ threshold: "p(95)<500", abortOnFail: true, delayAbortEval: "1m" }],
      http_req_failed: [{ threshold: "rate<0.1", abortOnFail: true, delayAbortEval: "1s" }],
    });
    expect(set.evaluate(failing, 2000, "periodic").abort?.threshold.name).toBe("http_req_failed");
    expect(set.evaluate(failing, 61_000, "periodic").abort?.threshold.name).toBe("http_req_duration");
  });

  it("passes thresholds with no data and never aborts for them", () => {
    const set = setOf({ http_reqs: [{ threshold: "count>100", abortOnFail: true }] });
    const round = set.evaluate(() => undefined, 30_000, "periodic");
    expect(round).toMatchObject({ ok: true, abort: undefined });
    expect(round.results[0]).toMatchObject({ ok: true, value: null });
  });

  it("takes the verdict from the latest evaluation but remembers earlier failures", () => {
    const set = setOf({ http_req_failed: ["rate<0.4"] });
    const bad = set.evaluate(
      sinks({ http_req_failed: { type: "rate", passes: 1, fails: 1 } }),
      2000,
      "periodic",
    );
    expect(bad.results[0]).toMatchObject({ ok: false, everFailed: true });
    const good = set.evaluate(
      sinks({ http_req_failed: { type: "rate", passes: 1, fails: 9 } }),
      20_000,
      "final",
    );
    expect(good.ok).toBe(true);
    expect(good.results[0]).toMatchObject({ ok: true, everFailed: true, value: 0.1 });
  });

  it("looks sinks up under the metric or sub-metric name and computes counter rates on the elapsed time", () => {
    const asked: string[] = [];
    const set = setOf({ "http_reqs{scenario:api}": ["rate>=10"] });
    const round = set.evaluate(
      (name) => {
        asked.push(name);
        return { type: "counter", count: 100 };
      },
      20_000,
      "final",
    );
    expect(asked).toEqual(["http_reqs{scenario:api}"]);
    expect(round.results[0]).toMatchObject({ ok: false, value: 5 });
  });
});
