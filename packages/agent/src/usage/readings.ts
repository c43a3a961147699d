import { cpus } from "node:os";
import { performance } from "node:perf_hooks";

/**
 * The agent process's cumulative counters at one instant. CPU use is a rate, so it is always the
 * difference of two readings over the wall time between them.
 *
 * @example
 * const before = readProcess();
 * // ... a second later
 * processCpuPercent(before, readProcess()); // 37.5
 */
export interface ProcessReading {
  /** Monotonic clock, ms: wall time between readings, immune to clock adjustments. */
  monotonicMs: number;
  /** User plus system CPU time of every thread of the process since it began, µs. */
  cpuMicros: number;
  /** Resident set size, bytes. */
  rssBytes: number;
}

/**
 * The machine's cumulative CPU times summed over its cores, ms.
 *
 * @example { busyMs: 366_280, totalMs: 1_404_300, cores: 2 }
 */
export interface HostCpuTimes {
  /** Time the cores spent on user, nice, system and interrupt work. */
  busyMs: number;
  /** Busy plus idle time. */
  totalMs: number;
  /** How many cores the sums cover: a core going on or off line makes two readings incomparable. */
  cores: number;
}

/**
 * Reads the process's CPU time and resident memory.
 *
 * @example readProcess(); // { monotonicMs: 5230.1, cpuMicros: 812_345, rssBytes: 98_304_000 }
 */
export function readProcess(): ProcessReading {
  const cpu = process.cpuUsage();
  return {
    monotonicMs: performance.now(),
    cpuMicros: cpu.user + cpu.system,
    // `rss()` alone reads one number from the OS; `memoryUsage()` also walks V8's heap statistics.
    rssBytes: process.memoryUsage.rss(),
  };
}

/**
 * Reads the machine's CPU times from `os.cpus()`. The list is empty on platforms that cannot tell;
 * the sums are then 0 and {@link hostCpuPercent} gives no figure.
 *
 * @example readHostCpu(); // { busyMs: 366_280, totalMs: 1_404_300, cores: 2 }
 */
export function readHostCpu(): HostCpuTimes {
  let busyMs = 0;
  let totalMs = 0;
  const all = cpus();
  for (const { times } of all) {
    const busy = times.user + times.nice + times.sys + times.irq;
    busyMs += busy;
    totalMs += busy + times.idle;
  }
  return { busyMs, totalMs, cores: all.length };
}

/**
 * The process's CPU use between two readings, in percent of one core, to 0.1. The runner's VUs
 * share one event loop, so 100 means the agent is saturated; worker, GC and I/O threads count too
 * and can push it above 100. Undefined when no wall time passed.
 *
 * @example processCpuPercent({ monotonicMs: 0, cpuMicros: 0, rssBytes: 0 }, { monotonicMs: 1000, cpuMicros: 1_500_000, rssBytes: 0 }); // 150
 */
export function processCpuPercent(from: ProcessReading, to: ProcessReading): number | undefined {
  const wallMicros = (to.monotonicMs - from.monotonicMs) * 1000;
  if (!(wallMicros > 0)) return undefined;
  return round1(Math.max(0, ((to.cpuMicros - from.cpuMicros) / wallMicros) * 100));
}

/**
 * The machine's CPU use between two readings, in percent of all its cores (0 to 100), to 0.1: on a
 * dedicated load generator this is what saturates, whatever process uses it. Undefined when the
 * core count changed or no CPU time passed (the kernel counts in 10 ms ticks).
 *
 * @example hostCpuPercent({ busyMs: 0, totalMs: 0, cores: 4 }, { busyMs: 3000, totalMs: 4000, cores: 4 }); // 75
 */
export function hostCpuPercent(from: HostCpuTimes, to: HostCpuTimes): number | undefined {
  const total = to.totalMs - from.totalMs;
  if (to.cores !== from.cores || !(total > 0)) return undefined;
  return round1(Math.min(100, Math.max(0, ((to.busyMs - from.busyMs) / total) * 100)));
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
