import { describe, expect, it } from "vitest";
import { hostCpuPercent, processCpuPercent, readHostCpu, readProcess } from "./readings.js";

const at = (monotonicMs: number, cpuMicros: number) => ({ monotonicMs, cpuMicros, rssBytes: 0 });

describe("processCpuPercent", () => {
  it("is CPU time over wall time in percent of one core, to 0.1", () => {
    expect(processCpuPercent(at(1000, 2_000_000), at(2000, 2_500_000))).toBe(50);
    expect(processCpuPercent(at(0, 0), at(300, 100_000))).toBe(33.3);
  });

  it("exceeds 100 when several threads are busy, and never goes below 0", () => {
    expect(processCpuPercent(at(0, 0), at(1000, 1_500_000))).toBe(150);
    expect(processCpuPercent(at(0, 10), at(1000, 0))).toBe(0);
  });

  it("gives no figure when no wall time passed", () => {
    expect(processCpuPercent(at(500, 0), at(500, 1000))).toBeUndefined();
  });
});

describe("hostCpuPercent", () => {
  const times = (busyMs: number, totalMs: number, cores = 4) => ({ busyMs, totalMs, cores });

  it("is busy time over all the cores' time, in percent", () => {
    expect(hostCpuPercent(times(1000, 10_000), times(4000, 14_000))).toBe(75);
    expect(hostCpuPercent(times(0, 0), times(0, 4000))).toBe(0);
  });

  it("gives no figure when a core came or went, or no time was counted", () => {
    expect(hostCpuPercent(times(0, 0, 4), times(3000, 4000, 8))).toBeUndefined();
    expect(hostCpuPercent(times(100, 900), times(100, 900))).toBeUndefined();
    expect(hostCpuPercent(times(0, 0, 0), times(0, 0, 0))).toBeUndefined();
  });
});

describe("the real readings", () => {
  it("read this process and this machine", () => {
    const process = readProcess();
    expect(process.rssBytes).toBeGreaterThan(10_000_000);
    expect(process.cpuMicros).toBeGreaterThan(0);
    const host = readHostCpu();
    expect(host.cores).toBeGreaterThan(0);
    expect(host.totalMs).toBeGreaterThanOrEqual(host.busyMs);
  });
});
