import { fromUnits, Histogram, toUnits } from "@barrage/hdr-native";
import { describe, expect, it } from "vitest";
import type { MetricPoint } from "../batch/metric-batch.js";
import { parseMetricBatch } from "../batch/parse-batch.js";
import {
  batch,
  counterPoint,
  latencies,
  ratePoint,
  seededRandom,
  trendPoint,
} from "../batches.test-helpers.js";
import { addToDerived, type DerivedState, derivedBucket, derivedValues, WHOLE_RUN } from "./derived-state.js";

const T0 = Date.UTC(2026, 0, 1);

describe("derivedBucket", () => {
  it("puts a period in the 10-second bucket holding its midpoint", () => {
    expect(derivedBucket(T0 + 9000, T0 + 10_000)).toBe(T0);
    expect(derivedBucket(T0 + 10_000, T0 + 11_000)).toBe(T0 + 10_000);
    expect(derivedBucket(T0 + 9600, T0 + 10_600)).toBe(T0 + 10_000);
  });
});

describe("addToDerived and derivedValues", () => {
  it("merge trend periods into the percentiles of all their samples, without touching the inputs", () => {
    const random = seededRandom(7);
    const periods = [latencies(random, 300), latencies(random, 50, 200), latencies(random, 700)];
    const points = periods.map(
      (values, i) =>
        parseMetricBatch(batch(i + 1, T0 + (i + 1) * 1000, [trendPoint("t", {}, values)])).points[0],
    );
    let state: DerivedState | undefined;
    points.forEach((point, i) => {
      if (!point) throw new Error("no point");
      const before = state;
      state = addToDerived(state, point, T0 + i * 1000, T0 + (i + 1) * 1000);
      if (before) expect(state.hist).not.toBe(before.hist);
      expect(point.type === "trend" && point.hist.count).toBe(periods[i]?.length);
    });
    const all = periods.flat();
    const exact = new Histogram();
    for (const v of all) exact.record(toUnits(v));
    if (!state) throw new Error("no state");
    expect(state).toMatchObject({
      count: 1050,
      min: Math.min(...all),
      max: Math.max(...all),
      firstStart: T0,
      lastEnd: T0 + 3000,
    });
    const { rate, percentiles } = derivedValues(state, "trend", WHOLE_RUN);
    expect(rate).toBe(350);
    expect(percentiles).toEqual([0.5, 0.9, 0.95, 0.99].map((q) => fromUnits(exact.percentile(q))));
  });

  it("folds periods into a state it owns in place, giving the same percentiles as copying", () => {
    const random = seededRandom(11);
    const points = [latencies(random, 200), latencies(random, 200, 80)].map(
      (values, i) =>
        parseMetricBatch(batch(i + 1, T0 + (i + 1) * 1000, [trendPoint("t", {}, values)]))
          .points[0] as MetricPoint,
    );
    const [first, second] = points as [MetricPoint, MetricPoint];
    const cached = addToDerived(undefined, first, T0, T0 + 1000);
    const cachedCount = cached.hist?.count;
    const copied = addToDerived(
      addToDerived(cached, second, T0 + 1000, T0 + 2000),
      second,
      T0 + 2000,
      T0 + 3000,
    );
    let owned = addToDerived(cached, second, T0 + 1000, T0 + 2000);
    const fold = owned.hist;
    owned = addToDerived(owned, second, T0 + 2000, T0 + 3000, true);
    // The fold merged into its own histogram, never into the cached state's.
    expect(owned.hist).toBe(fold);
    expect(cached.hist?.count).toBe(cachedCount);
    expect(derivedValues(owned, "trend", WHOLE_RUN)).toEqual(derivedValues(copied, "trend", WHOLE_RUN));
  });

  it("gives counters a per-second rate of the bucket, and rates their ratio", () => {
    const [counter, rate] = parseMetricBatch(
      batch(1, T0 + 1000, [counterPoint("c", {}, 25), ratePoint("r", {}, 3, 4)]),
    ).points;
    if (!counter || !rate) throw new Error("no points");
    const c = addToDerived(addToDerived(undefined, counter, T0, T0 + 1000), counter, T0 + 1000, T0 + 2000);
    expect(derivedValues(c, "counter", T0)).toEqual({ rate: 5, percentiles: null });
    expect(derivedValues(c, "counter", WHOLE_RUN)).toEqual({ rate: 25, percentiles: null });
    const r = addToDerived(undefined, rate, T0, T0 + 1000);
    expect(r).toMatchObject({ count: 4, nonzero: 3 });
    expect(derivedValues(r, "rate", T0).rate).toBe(0.75);
  });
});
