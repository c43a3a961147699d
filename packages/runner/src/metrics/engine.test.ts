import { describe, expect, it } from "vitest";
import { trendPercentile } from "./aggregate.js";
import { registerBuiltinMetrics } from "./builtin.js";
import { MetricsEngine } from "./engine.js";
import { MetricRegistry } from "./metric.js";

function setup() {
  const registry = new MetricRegistry();
  const builtins = registerBuiltinMetrics(registry);
  const engine = new MetricsEngine(registry, 0);
  return { registry, builtins, engine };
}

describe("MetricsEngine", () => {
  it("aggregates each series per period and numbers the batches", () => {
    const { builtins, engine } = setup();
    const a = engine.tagged({ scenario: "a" });
    a.add(builtins.iterations, 1);
    a.add(builtins.iterations, 1);
    a.add(builtins.iteration_duration, 10);
    a.add(builtins.iteration_duration, 30);
    engine.tagged({ scenario: "b" }).add(builtins.iterations, 1);
    const batch = engine.flush(1000);
    expect(batch.seq).toBe(1);
    expect(batch.start).toBe(0);
    expect(batch.end).toBe(1000);
    const byKey = new Map(batch.points.map((p) => [`${p.metric.name}/${p.tags.scenario}`, p.value]));
    expect(byKey.get("iterations/a")).toEqual({ type: "counter", sum: 2 });
    expect(byKey.get("iterations/b")).toEqual({ type: "counter", sum: 1 });
    expect(byKey.get("iteration_duration/a")).toMatchObject({
      type: "trend",
      count: 2,
      sum: 40,
      min: 10,
      max: 30,
    });
    const next = engine.flush(2000);
    expect(next.seq).toBe(2);
    expect(next.points).toEqual([]);
  });

  it("finds the same series for the same tags in any order", () => {
    const { engine } = setup();
    expect(engine.tagged({ a: "1", b: "2" })).toBe(engine.tagged({ b: "2", a: "1" }));
    expect(engine.tagged({ a: "1" })).not.toBe(engine.tagged({ a: "2" }));
  });

  it("folds periods into whole-test sinks at each flush, and sub-metric sinks only for matching series", () => {
    const { builtins, engine } = setup();
    engine.keepSubmetrics([
      {
        name: "http_req_duration{status:200}",
        metric: "http_req_duration",
        matches: (t) => t.status === "200",
      },
    ]);
    engine.tagged({ status: "200" }).add(builtins.http_req_duration, 100);
    engine.tagged({ status: "500" }).add(builtins.http_req_duration, 900);
    expect(engine.sink("http_req_duration")).toBeUndefined();
    engine.flush(1000);
    engine.tagged({ status: "200" }).add(builtins.http_req_duration, 200);
    engine.flush(2000);
    const all = engine.sink("http_req_duration");
    const ok = engine.sink("http_req_duration{status:200}");
    expect(all).toMatchObject({ count: 3, min: 100, max: 900 });
    expect(ok).toMatchObject({ count: 2, min: 100, max: 200 });
    expect(ok?.type === "trend" && trendPercentile(ok, 1)).toBe(200);
  });

  it("refuses sub-metrics declared after samples were recorded", () => {
    const { builtins, engine } = setup();
    engine.tagged({}).add(builtins.vus, 1);
    expect(() => engine.keepSubmetrics([])).toThrow(/before the first sample/);
  });

  it("keeps gauges' last, min and max, and rates' non-zero share", () => {
    const { builtins, engine } = setup();
    const s = engine.tagged({});
    for (const v of [3, 1, 2]) s.add(builtins.vus, v);
    for (const v of [1, 0, 0, 1]) s.add(builtins.checks, v);
    engine.flush(1);
    expect(engine.sink("vus")).toEqual({ type: "gauge", last: 2, min: 1, max: 3, count: 3 });
    expect(engine.sink("checks")).toEqual({ type: "rate", nonzero: 2, total: 4 });
  });
});

describe("MetricRegistry", () => {
  it("returns the same metric when declared again with the same type, and refuses another type", () => {
    const { registry } = setup();
    const a = registry.define("my_trend", "trend", "time");
    expect(registry.define("my_trend", "trend", "time")).toBe(a);
    expect(() => registry.define("my_trend", "counter")).toThrow(/already a trend of time/);
    expect(() => registry.define("", "counter")).toThrow(/invalid metric name/);
  });
});
