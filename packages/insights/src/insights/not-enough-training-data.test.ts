import { describe, expect, it } from "vitest";
import { prepareRun } from "../context.js";
import { perSecond, repeat, syntheticRun, T0 } from "../synthetic.test-helpers.js";
import { notEnoughTrainingData } from "./not-enough-training-data.js";

const withIterations = (perSecondIterations: number[]) =>
  notEnoughTrainingData.check(prepareRun(syntheticRun(60, { iterations: perSecond(perSecondIterations) })));

describe("best_practice_not_enough_training_data", () => {
  it("fires below 100 completed iterations, saying how many there were", () => {
    const insight = withIterations([...repeat(1, 59), 40]); // 99
    expect(insight).toMatchObject({
      id: "best_practice_not_enough_training_data",
      severity: "info",
      from: T0,
      to: T0 + 60_000,
      values: { iterations: 99, required: 100 },
    });
    expect(insight?.explanation).toContain("completed 99 iterations in 1m00s");
  });

  it("does not fire at 100", () => {
    expect(withIterations([...repeat(1, 59), 41])).toBeUndefined();
  });

  it("fires for a run that completed no iteration at all", () => {
    expect(withIterations([])?.values?.iterations).toBe(0);
  });

  it("only runs on the finished run", () => {
    expect(notEnoughTrainingData.phases).toEqual(["final"]);
  });
});
