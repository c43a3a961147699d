import { describe, expect, it } from "vitest";
import {
  elapsedMs,
  formatAgo,
  formatChange,
  formatDuration,
  formatFigure,
  formatMs,
  formatNumber,
  formatPercent,
} from "./format.js";

describe("formatting", () => {
  it("writes durations at a readable scale", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(4_250)).toBe("4.3 s");
    expect(formatDuration(42_000)).toBe("42 s");
    expect(formatDuration(185_000)).toBe("3 min 05 s");
    expect(formatDuration(3_725_000)).toBe("1 h 02 min");
    expect(formatDuration(null)).toBe("–");
  });

  it("writes latencies, counts, ratios and changes", () => {
    expect(formatMs(0.842)).toBe("0.84 ms");
    expect(formatMs(12.34)).toBe("12.3 ms");
    expect(formatMs(1250)).toBe("1,250 ms");
    expect(formatNumber(12345.678, 1)).toBe("12,345.7");
    expect(formatPercent(0)).toBe("0%");
    expect(formatPercent(0.0025)).toBe("0.25%");
    expect(formatPercent(0.125)).toBe("12.5%");
    expect(formatChange(0.125)).toBe("+12.5%");
    expect(formatChange(-0.03)).toBe("-3%");
    expect(formatChange(0)).toBe("±0%");
    expect(formatChange(null)).toBe("–");
  });

  it("measures a run until its end, or until now while it runs", () => {
    expect(elapsedMs("2025-11-28T09:30:00Z", "2025-11-28T09:30:05Z")).toBe(5000);
    expect(elapsedMs("2025-11-28T09:30:00Z", null, Date.parse("2025-11-28T09:30:02Z"))).toBe(2000);
    expect(elapsedMs(null, null)).toBeNull();
  });

  it("writes comparison figures in their units", () => {
    expect(formatFigure("P95", 23.14)).toBe("23.1 ms");
    expect(formatFigure("REQUEST_RATE", 15.44)).toBe("15.4/s");
    expect(formatFigure("FAILURE_RATE", 0.125)).toBe("12.5%");
    expect(formatFigure("P50", null)).toBe("–");
  });

  it("says how long ago an agent was heard from", () => {
    const now = Date.parse("2025-11-28T12:00:00Z");
    expect(formatAgo("2025-11-28T12:00:00Z", now)).toBe("just now");
    expect(formatAgo("2025-11-28T11:59:48Z", now)).toBe("12 s ago");
    expect(formatAgo("2025-11-28T11:55:00Z", now)).toBe("5 min ago");
    expect(formatAgo("2025-11-28T09:00:00Z", now)).toBe("3 h ago");
    expect(formatAgo("2025-11-26T12:00:00Z", now)).toBe("2 d ago");
    expect(formatAgo(null, now)).toBe("never");
  });
});
