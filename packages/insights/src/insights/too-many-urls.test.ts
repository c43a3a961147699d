import { describe, expect, it } from "vitest";
import { prepareRun } from "../context.js";
import { syntheticRun } from "../synthetic.test-helpers.js";
import { tooManyUrls } from "./too-many-urls.js";

const check = (urls: number) =>
  tooManyUrls.check(
    prepareRun(syntheticRun(60, { cardinality: { urls, groups: 0, metrics: 20, timeSeries: 100 } })),
  );

describe("best_practice_too_many_urls", () => {
  it("fires above 500 distinct URLs and explains the name tag", () => {
    const insight = check(501);
    expect(insight).toMatchObject({
      id: "best_practice_too_many_urls",
      severity: "info",
      values: { count: 501, limit: 500 },
    });
    expect(insight?.title).toBe("Too many URLs: 501 distinct URLs");
    expect(insight?.explanation).toContain("tags: { name:");
  });

  it("does not fire at 500", () => {
    expect(check(500)).toBeUndefined();
  });
});
