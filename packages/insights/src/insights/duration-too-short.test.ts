import { describe, expect, it } from "vitest";
import { prepareRun } from "../context.js";
import { perSecond, syntheticRun, T0 } from "../synthetic.test-helpers.js";
import { durationTooShort } from "./duration-too-short.js";

/** 100 iterations complete in the first second; the run lasts `seconds`. */
const check = (seconds: number) =>
  durationTooShort.check(prepareRun(syntheticRun(seconds, { iterations: perSecond([100, 5, 5]) })));

describe("best_practice_duration_too_short", () => {
  it("fires when the run ends less than 15 s after its 100th iteration", () => {
    const insight = check(15); // 14 s after the first second
    expect(insight).toMatchObject({
      id: "best_practice_duration_too_short",
      severity: "info",
      from: T0 + 1000,
      to: T0 + 15_000,
      values: { afterTrainingMs: 14_000, requiredMs: 15_000 },
    });
    expect(insight?.explanation).toContain("completed 1s into the test and the test ended 14s later");
  });

  it("does not fire at 15 s after it", () => {
    expect(check(16)).toBeUndefined();
  });

  it("leaves runs without 100 iterations to not-enough-training-data", () => {
    expect(
      durationTooShort.check(prepareRun(syntheticRun(5, { iterations: perSecond([10]) }))),
    ).toBeUndefined();
  });
});
