import { describe, expect, it } from "vitest";
import { buildHdrSummaryQuery, readHdrSummaries } from "./summary-query.js";

describe("buildHdrSummaryQuery", () => {
  it("appends the quantiles after the caller's parameters", () => {
    for (const mode of ["extension", "sql"] as const) {
      const q = buildHdrSummaryQuery({
        mode,
        from: "metric_points",
        where: "series_id = $1 AND ts >= $2",
        params: [7, "2024-01-01"],
        quantiles: [0.5, 0.99],
      });
      expect(q.values).toEqual([7, "2024-01-01", [0.5, 0.99]]);
      expect(q.text).toContain("$3::float8[]");
      expect(q.text).not.toContain("$4");
      expect(q.text).toContain("WHERE series_id = $1 AND ts >= $2");
    }
  });

  it("reads the extension's column or the fallback's columns", () => {
    const columns = { hist: "p.h", idx: "p.i", cnt: "p.c", count: "p.n" };
    const ext = buildHdrSummaryQuery({ mode: "extension", from: "t p", quantiles: [], columns }).text;
    const sql = buildHdrSummaryQuery({ mode: "sql", from: "t p", quantiles: [], columns }).text;
    expect(ext).toContain("hdr_merge(p.h)");
    expect(ext).not.toContain("p.i");
    expect(sql).toContain("p.n AS n, sum AS s, min AS lo, max AS hi, p.i AS idx, p.c AS cnt");
    expect(sql).not.toMatch(/hdr_merge|hdr_percentiles/);
  });

  it("rejects quantiles outside [0, 1] and an empty FROM clause", () => {
    for (const q of [-0.1, 1.01, Number.NaN]) {
      expect(() => buildHdrSummaryQuery({ mode: "sql", from: "t", quantiles: [0.5, q] })).toThrow(
        `HDR quantile must be a number in [0, 1], got ${q}`,
      );
    }
    expect(() => buildHdrSummaryQuery({ mode: "sql", from: " ", quantiles: [] })).toThrow(
      "needs a FROM clause",
    );
  });
});

describe("readHdrSummaries", () => {
  const spec = { mode: "sql", from: "t", quantiles: [0.5] } as const;

  it("turns bigint text into numbers and NULLs into zeros", () => {
    const row = { count: "12", sum: 1.5, min: null, max: 0.3, mean: 0.125, percentiles: [null] };
    expect(readHdrSummaries([row], spec)).toEqual([
      { count: 12, sum: 1.5, min: 0, max: 0.3, mean: 0.125, percentiles: [0] },
    ]);
    expect(readHdrSummaries([{ ...row, g: "a" }], { ...spec, groupBy: "x" })[0]?.group).toBe("a");
  });

  it("refuses rows of another query", () => {
    expect(() => readHdrSummaries([{ n: 1 }], spec)).toThrow("not a row of an HDR summary query");
  });
});
