import { describe, expect, it } from "vitest";
import { bindThresholds, parseThresholds } from "../thresholds/index.js";
import { trendOf } from "../thresholds/sinks.test-helpers.js";
import { buildSummaryData, type SummaryInput } from "./build.js";

const EMPTY_ROOT = { name: "", groups: [], checks: [] };

function build(overrides: Partial<SummaryInput>) {
  return buildSummaryData({ metrics: [], rootGroup: EMPTY_ROOT, testRunDurationMs: 10_000, ...overrides });
}

describe("buildSummaryData", () => {
  it("gives each metric type k6's values", () => {
    const data = build({
      metrics: [
        {
          metric: { name: "http_reqs", type: "counter", contains: "default" },
          sink: { type: "counter", count: 25 },
        },
        {
          metric: { name: "vus", type: "gauge", contains: "default" },
          sink: { type: "gauge", value: 3, min: 1, max: 9 },
        },
        {
          metric: { name: "checks", type: "rate", contains: "default" },
          sink: { type: "rate", passes: 3, fails: 1 },
        },
        {
          metric: { name: "http_req_duration", type: "trend", contains: "time" },
          sink: trendOf([10, 20, 30, 40, 100]),
        },
      ],
    });
    expect(data.metrics).toEqual({
      http_reqs: { type: "counter", contains: "default", values: { count: 25, rate: 2.5 } },
      vus: { type: "gauge", contains: "default", values: { value: 3, min: 1, max: 9 } },
      checks: { type: "rate", contains: "default", values: { rate: 0.75, passes: 3, fails: 1 } },
      http_req_duration: {
        type: "trend",
        contains: "time",
        values: {
          avg: 40,
          min: 10,
          med: 30,
          max: 100,
          "p(90)": 76,
          "p(95)": trendOf([10, 20, 30, 40, 100]).percentile(0.95),
        },
      },
    });
  });

  it("computes exactly the trend columns asked for, in their order", () => {
    const data = build({
      metrics: [
        { metric: { name: "t", type: "trend", contains: "default" }, sink: trendOf([1, 2, 3, 4, 5]) },
      ],
      options: { summaryTrendStats: ["count", "p(0)", "p(50)", "p(99.9)", "max"] },
    });
    const values = data.metrics.t?.values ?? {};
    expect(Object.keys(values)).toEqual(["count", "p(0)", "p(50)", "p(99.9)", "max"]);
    expect(values).toEqual({ count: 5, "p(0)": 1, "p(50)": 3, "p(99.9)": 4.996, max: 5 });
  });

  it("gives metrics without samples k6's empty-sink zeros", () => {
    const data = build({
      metrics: [
        { metric: { name: "c", type: "counter", contains: "default" }, sink: undefined },
        { metric: { name: "g", type: "gauge", contains: "default" }, sink: undefined },
        {
          metric: { name: "r", type: "rate", contains: "default" },
          sink: { type: "rate", passes: 0, fails: 0 },
        },
        { metric: { name: "t", type: "trend", contains: "time" }, sink: trendOf([]) },
      ],
    });
    expect(Object.values(data.metrics).map((m) => m.values)).toEqual([
      { count: 0, rate: 0 },
      { value: 0, min: 0, max: 0 },
      { rate: 0, passes: 0, fails: 0 },
      { avg: 0, min: 0, med: 0, max: 0, "p(90)": 0, "p(95)": 0 },
    ]);
  });

  it("gives a counter a rate of 0 for a test that took no time", () => {
    const data = build({
      metrics: [
        { metric: { name: "c", type: "counter", contains: "default" }, sink: { type: "counter", count: 4 } },
      ],
      testRunDurationMs: 0,
    });
    expect(data.metrics.c?.values).toEqual({ count: 4, rate: 0 });
  });

  it("keeps sub-metrics as their own entries and attaches threshold verdicts by name", () => {
    const data = build({
      metrics: [
        { metric: { name: "http_req_duration", type: "trend", contains: "time" }, sink: trendOf([5]) },
        {
          metric: { name: "http_req_duration{status:200}", type: "trend", contains: "time" },
          sink: trendOf([5]),
        },
      ],
      thresholds: [
        { name: "http_req_duration", source: "p(95)<500", ok: true },
        { name: "http_req_duration", source: "avg<1", ok: false },
        { name: "http_req_duration{status:200}", source: "max<10", ok: true },
        { name: "http_req_duration{status:200}", source: "max<10", ok: false },
      ],
    });
    expect(data.metrics.http_req_duration?.thresholds).toEqual({
      "p(95)<500": { ok: true },
      "avg<1": { ok: false },
    });
    expect(data.metrics["http_req_duration{status:200}"]?.thresholds).toEqual({ "max<10": { ok: false } });
  });

  it("takes a threshold round's results as they are", () => {
    const metric = { name: "http_reqs", type: "counter", contains: "default" } as const;
    const round = bindThresholds(parseThresholds({ http_reqs: ["count>10", "rate<1"] }), [metric]).evaluate(
      () => ({ type: "counter", count: 20 }),
      10_000,
      "final",
    );
    const data = build({
      metrics: [{ metric, sink: { type: "counter", count: 20 } }],
      thresholds: round.results,
    });
    expect(data.metrics.http_reqs?.thresholds).toEqual({ "count>10": { ok: true }, "rate<1": { ok: false } });
  });

  it("leaves thresholds out of metrics without any", () => {
    const data = build({
      metrics: [{ metric: { name: "c", type: "counter", contains: "default" }, sink: undefined }],
      thresholds: [{ name: "other", source: "count>1", ok: true }],
    });
    expect(data.metrics.c).not.toHaveProperty("thresholds");
  });

  it("fills options and state as k6 does", () => {
    const data = build({ testRunDurationMs: 30_018.4068, state: { isStdOutTTY: true } });
    expect(data.options).toEqual({
      summaryTrendStats: ["avg", "min", "med", "max", "p(90)", "p(95)"],
      summaryTimeUnit: "",
      noColor: false,
    });
    expect(data.state).toEqual({ isStdOutTTY: true, isStdErrTTY: false, testRunDurationMs: 30_018.4068 });
    expect(Object.keys(data)).toEqual(["root_group", "options", "state", "metrics"]);
  });

  it("gives groups and checks k6's paths and MD5 ids", () => {
    const data = build({
      rootGroup: {
        name: "",
        checks: [{ name: "is status 200", passes: 16510, fails: 0 }],
        groups: [
          {
            name: "login",
            checks: [{ name: "ok", passes: 1, fails: 2 }],
            groups: [{ name: "mfa", checks: [], groups: [] }],
          },
        ],
      },
    });
    const root = data.root_group;
    // The root id and the check below are from a real k6 summary.json.
    expect(root).toMatchObject({ name: "", path: "", id: "d41d8cd98f00b204e9800998ecf8427e" });
    expect(root.checks).toEqual([
      {
        name: "is status 200",
        path: "::is status 200",
        id: "548d37ca5f33793206f7832e7cea54fb",
        passes: 16510,
        fails: 0,
      },
    ]);
    const login = root.groups[0];
    expect(login).toMatchObject({ name: "login", path: "::login" });
    expect(login?.id).toMatch(/^[0-9a-f]{32}$/);
    expect(login?.checks[0]).toMatchObject({ name: "ok", path: "::login::ok", passes: 1, fails: 2 });
    expect(login?.groups[0]).toMatchObject({ name: "mfa", path: "::login::mfa", groups: [], checks: [] });
    expect(new Set([root.id, login?.id, login?.groups[0]?.id, login?.checks[0]?.id]).size).toBe(4);
  });

  it("rejects bad summary options and sinks of another type", () => {
    expect(() => build({ options: { summaryTrendStats: ["p(200)"] } })).toThrow(
      'invalid summaryTrendStats entry "p(200)"; use avg, min, med, max, count or p(N) with N a number from 0 to 100, e.g. p(99.9)',
    );
    expect(() => build({ options: { summaryTimeUnit: "sec" } })).toThrow(
      'invalid summaryTimeUnit "sec"; use "s", "ms" or "us", or leave it empty for a unit chosen per value',
    );
    expect(() =>
      build({
        metrics: [
          {
            metric: { name: "c", type: "counter", contains: "default" },
            sink: { type: "gauge", value: 1, min: 1, max: 1 },
          },
        ],
      }),
    ).toThrow('metric "c" is a counter but its sink is a gauge');
  });
});
