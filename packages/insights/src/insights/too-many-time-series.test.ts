import { describe, expect, it } from "vitest";
import { prepareRun } from "../context.js";
import { syntheticRun } from "../synthetic.test-helpers.js";
import { tooManyTimeSeries } from "./too-many-time-series.js";

const check = (timeSeries: number) =>
  tooManyTimeSeries.check(
    prepareRun(syntheticRun(60, { cardinality: { urls: 5, groups: 2, metrics: 30, timeSeries } })),
  );

describe("best_practice_too_many_time_series", () => {
  it("fires above 20,000 time series", () => {
    const insight = check(20_001);
    expect(insight).toMatchObject({ id: "best_practice_too_many_time_series", severity: "warning" });
    expect(insight?.explanation).toContain("20,001 distinct time series, more than 20,000");
  });

  it("does not fire at 20,000", () => {
    expect(check(20_000)).toBeUndefined();
  });
});
