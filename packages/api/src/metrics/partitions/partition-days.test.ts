import { describe, expect, it } from "vitest";
import { DAY_MS, dayStart, partitionDay, partitionName } from "./partition-days.js";

describe("partition days", () => {
  it("names a day's partition and reads the day back", () => {
    const day = Date.UTC(2026, 1, 3);
    expect(partitionName(day)).toBe("metric_points_p20260203");
    expect(partitionDay("metric_points_p20260203")).toBe(day);
    expect(partitionDay("metric_points_default")).toBeUndefined();
    expect(dayStart(new Date(day + DAY_MS - 1))).toBe(day);
  });
});
