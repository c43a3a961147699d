import { describe, expect, it } from "vitest";
import { prepareRun } from "../context.js";
import { syntheticRun } from "../synthetic.test-helpers.js";
import { tooManyGroups } from "./too-many-groups.js";

const check = (groups: number) =>
  tooManyGroups.check(
    prepareRun(syntheticRun(60, { cardinality: { urls: 5, groups, metrics: 20, timeSeries: 100 } })),
  );

describe("best_practice_too_many_groups", () => {
  it("fires above 100 groups", () => {
    expect(check(101)).toMatchObject({
      id: "best_practice_too_many_groups",
      severity: "warning",
      metric: "group_duration",
      values: { count: 101, limit: 100 },
    });
  });

  it("does not fire at 100", () => {
    expect(check(100)).toBeUndefined();
  });
});
