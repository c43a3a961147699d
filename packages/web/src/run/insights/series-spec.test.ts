import { describe, expect, it } from "vitest";
import { describeFilter, insightRange, seriesLine } from "./series-spec.js";

describe("seriesLine", () => {
  it("charts each type's figure in its unit", () => {
    const point = { t: 0, value: 0.25, p95: 120 };
    expect(seriesLine("RATE", "default")).toMatchObject({ unit: "%" });
    expect(seriesLine("RATE", "default").pick(point)).toBe(25);
    expect(seriesLine("COUNTER", "default")).toMatchObject({ unit: "/s" });
    expect(seriesLine("TREND", "time")).toMatchObject({ label: "p95", unit: "ms" });
    expect(seriesLine("TREND", "time").pick(point)).toBe(120);
    expect(seriesLine("TREND", "data").unit).toBe("B");
    expect(seriesLine("GAUGE", "default").pick(point)).toBe(0.25);
    expect(seriesLine(null, undefined).pick(point)).toBe(0.25);
  });
});

describe("describeFilter", () => {
  it("writes the filter's tags as a sub-metric does, and nothing for the whole metric", () => {
    expect(
      describeFilter({ name: "GET /cart", zone: "eu", tags: [{ name: "instance_id", value: "7" }] }),
    ).toBe("{load_zone:eu,name:GET /cart,instance_id:7}");
    expect(describeFilter({})).toBe("");
    expect(describeFilter(null)).toBe("");
  });
});

describe("insightRange", () => {
  it("places the range in seconds since the run's origin", () => {
    const origin = Date.parse("2025-11-28T09:30:00.000Z");
    expect(
      insightRange({ from: "2025-11-28T09:30:05.000Z", to: "2025-11-28T09:30:12.500Z" }, origin),
    ).toEqual([5, 12.5]);
  });

  it("has none without both ends, an origin, or a forward range", () => {
    const origin = Date.parse("2025-11-28T09:30:00.000Z");
    expect(insightRange({ from: null, to: "2025-11-28T09:30:12.000Z" }, origin)).toBeUndefined();
    expect(
      insightRange({ from: "2025-11-28T09:30:05.000Z", to: "2025-11-28T09:30:12.000Z" }, undefined),
    ).toBeUndefined();
    expect(
      insightRange({ from: "2025-11-28T09:30:05.000Z", to: "2025-11-28T09:30:05.000Z" }, origin),
    ).toBeUndefined();
  });
});
