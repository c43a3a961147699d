import { Histogram, toUnits } from "@barrage/hdr-native";
import { describe, expect, it } from "vitest";
import { computeInsights, INSIGHTS } from "./compute.js";
import { gaussian, perSecond, repeat, seeded, syntheticRun } from "./synthetic.test-helpers.js";
import type { RunSeries } from "./types.js";

function latencies(seed: number, n: number, medianMs: number): Histogram {
  const rand = seeded(seed);
  const h = new Histogram();
  for (let i = 0; i < n; i++) h.record(toUnits(medianMs * Math.exp(0.3 * gaussian(rand))));
  return h;
}

/**
 * A healthy 3-minute run: a ramp to 50 VUs then a plateau, throughput proportional to VUs, p95
 * noisy around 120 ms, 0.2% failures scattered, quiet agents, even zones, a baseline like it.
 */
function healthyRun(): RunSeries {
  const rand = seeded(99);
  const seconds = 180;
  const vus = Array.from({ length: seconds }, (_, i) => Math.min(50, 1 + Math.floor(i / 1.2)));
  const requests = vus.map((v) => 5 * v);
  const failures = requests.map((r) => (rand() < r * 0.002 ? 1 : 0));
  const half = (values: number[]) => perSecond(values.map((v) => Math.round(v / 2)));
  return syntheticRun(seconds, {
    vus: perSecond(vus),
    iterations: perSecond(vus.map((v) => v / 2)),
    requests: perSecond(requests),
    failures: perSecond(failures),
    p95: perSecond(vus.map(() => 120 + 10 * gaussian(rand))),
    urls: [
      { name: "/", method: "GET", requests: half(requests), failures: half(failures) },
      { name: "/api/items", method: "GET", requests: half(requests), failures: half(failures) },
    ],
    statuses: [{ status: "500", failures: perSecond(failures) }],
    zones: [
      { zone: "local", requests: 20_000, histogram: latencies(1, 20_000, 80) },
      { zone: "eu", requests: 20_000, histogram: latencies(2, 20_000, 82) },
    ],
    hosts: [
      { host: "shop.test", requests: 30_000 },
      { host: "api.shop.test", requests: 10_000 },
    ],
    agents: [
      {
        agent: "a1",
        zone: "local",
        cpuPercent: perSecond(vus.map(() => 40 + 5 * gaussian(rand))),
        memoryPercent: perSecond(repeat(30, seconds)),
      },
    ],
    cardinality: { urls: 2, groups: 1, metrics: 22, timeSeries: 300 },
    durationHistogram: latencies(3, 40_000, 80),
    baseline: { runId: "run-1", durationHistogram: latencies(4, 40_000, 80) },
  });
}

/** A run that trips several insights of each severity. */
function troubledRun(): RunSeries {
  return syntheticRun(60, {
    iterations: perSecond(repeat(10, 60)),
    requests: perSecond(repeat(100, 60)),
    failures: perSecond(repeat(40, 60)), // 40%: high HTTP failure rate (critical)
    hosts: ["a.test", "b.test", "c.test", "d.test", "e.test", "f.test"].map((host) => ({
      host,
      requests: 10,
    })),
    cardinality: { urls: 900, groups: 150, metrics: 20, timeSeries: 100 }, // URLs: info, groups: warning
  });
}

describe("computeInsights", () => {
  it("finds nothing wrong with a healthy run", () => {
    expect(computeInsights(healthyRun(), { phase: "final" })).toEqual([]);
    expect(computeInsights(healthyRun(), { phase: "live" })).toEqual([]);
  });

  it("on that healthy run, fires exactly the insight whose symptom is added", () => {
    const fired = (change: (run: RunSeries) => RunSeries) =>
      computeInsights(change(healthyRun()), { phase: "final" }).map((i) => i.id);
    expect(
      fired((r) => ({ ...r, baseline: { runId: "run-0", durationHistogram: latencies(5, 40_000, 60) } })),
    ).toEqual(["http_load_latency_regression"]);
    expect(
      fired((r) => ({ ...r, p95: r.p95.map((p, i) => ({ ...p, value: i < 36 ? p.value : p.value + 300 })) })),
    ).toEqual(["http_load_response_time_grows_with_load"]);
    expect(
      fired((r) => ({
        ...r,
        zones: [...r.zones, { zone: "ap", requests: 5000, histogram: latencies(6, 5000, 200) }],
      })),
    ).toEqual(["http_load_uneven_zone"]);
    expect(
      fired((r) => ({ ...r, agents: [{ agent: "a2", cpuPercent: perSecond(repeat(98, 30)) }] })),
    ).toEqual(["health_high_loadgen_cpu_usage"]);
  });

  it("lists the most severe first, then in registry order", () => {
    const ids = computeInsights(troubledRun(), { phase: "final" }).map((i) => `${i.severity} ${i.id}`);
    expect(ids).toEqual([
      "critical http_load_high_http_failure_rate",
      "warning best_practice_too_many_groups",
      "info best_practice_third_party_content",
      "info best_practice_too_many_urls",
    ]);
  });

  it("runs only the live insights while the test runs", () => {
    const run = syntheticRun(30, { iterations: perSecond(repeat(1, 30)) });
    expect(computeInsights(run, { phase: "final" }).map((i) => i.id)).toEqual([
      "best_practice_not_enough_training_data",
    ]);
    expect(computeInsights(run, { phase: "live" })).toEqual([]);
  });

  it("honours the test's switches", () => {
    const run = troubledRun();
    const ids = (switches: object) => computeInsights(run, { phase: "final", switches }).map((i) => i.id);
    expect(ids({ disabledSets: ["best_practice"] })).toEqual(["http_load_high_http_failure_rate"]);
    expect(ids({ disabled: ["best_practice_too_many_urls", "http_load_high_http_failure_rate"] })).toEqual([
      "best_practice_too_many_groups",
      "best_practice_third_party_content",
    ]);
    expect(ids({ enabled: ["best_practice_too_many_urls"] })).toEqual(["best_practice_too_many_urls"]);
  });

  it("rejects a run with impossible bounds", () => {
    expect(() => computeInsights(syntheticRun(10, { periodMs: -1 }), { phase: "final" })).toThrow(RangeError);
  });
});

describe("INSIGHTS", () => {
  it("lists k6 Cloud's twelve insights and Barrage's four, each id prefixed by its set", () => {
    expect(INSIGHTS).toHaveLength(16);
    expect(new Set(INSIGHTS.map((i) => i.id)).size).toBe(16);
    for (const i of INSIGHTS) expect(i.id.startsWith(`${i.set}_`)).toBe(true);
    expect(INSIGHTS.map((i) => i.id)).toEqual(
      expect.arrayContaining([
        "http_load_throughput_limit",
        "http_load_increased_http_failure_rate",
        "http_load_high_http_failure_rate",
        "best_practice_not_enough_training_data",
        "best_practice_duration_too_short",
        "best_practice_third_party_content",
        "best_practice_too_many_urls",
        "best_practice_too_many_groups",
        "best_practice_too_many_metrics",
        "best_practice_too_many_time_series",
        "health_high_loadgen_cpu_usage",
        "health_high_loadgen_mem_usage",
      ]),
    );
  });
});
