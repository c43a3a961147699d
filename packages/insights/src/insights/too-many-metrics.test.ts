import { describe, expect, it } from "vitest";
import { prepareRun } from "../context.js";
import { syntheticRun } from "../synthetic.test-helpers.js";
import { tooManyMetrics } from "./too-many-metrics.js";

const check = (metrics: number) =>
  tooManyMetrics.check(
    prepareRun(syntheticRun(60, { cardinality: { urls: 5, groups: 2, metrics, timeSeries: 100 } })),
  );

describe("best_practice_too_many_metrics", () => {
  it("fires above 100 metrics", () => {
    const insight = check(101);
    expect(insight).toMatchObject({
      id: "best_practice_too_many_metrics",
      severity: "warning",
      values: { count: 101 },
    });
    expect(insight?.metric).toBeUndefined();
  });

  it("does not fire at 100", () => {
    expect(check(100)).toBeUndefined();
  });
});
