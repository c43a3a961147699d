import { describe, expect, it } from "vitest";
import { SelfUsageSampler } from "./self-usage.js";

/** A machine whose counters the test moves by hand; the sampler reads them as it would the real ones. */
function fakeMachine() {
  const m = { epochMs: 10_000, cpuMicros: 0, rssBytes: 100e6, busyMs: 0, totalMs: 0, cores: 2, limit: 2e9 };
  const sampler = new SelfUsageSampler({
    intervalMs: 0,
    sources: {
      now: () => m.epochMs,
      // The monotonic clock runs with the epoch one here.
      readProcess: () => ({ monotonicMs: m.epochMs, cpuMicros: m.cpuMicros, rssBytes: m.rssBytes }),
      readHostCpu: () => ({ busyMs: m.busyMs, totalMs: m.totalMs, cores: m.cores }),
      readMemoryLimit: () => m.limit,
    },
  });
  /** Lets `ms` pass with the process using `cpuPercent` of one core and the machine `hostPercent` of its cores. */
  const pass = (ms: number, cpuPercent: number, hostPercent: number) => {
    m.epochMs += ms;
    m.cpuMicros += ms * 10 * cpuPercent;
    m.totalMs += ms * m.cores;
    m.busyMs += (ms * m.cores * hostPercent) / 100;
  };
  return { m, sampler, pass };
}

describe("SelfUsageSampler", () => {
  it("gives each period's average CPU of the process and of the machine, from the injected readings", () => {
    const { m, sampler, pass } = fakeMachine();
    pass(1000, 80, 50);
    let start = m.epochMs;
    sampler.sample();
    pass(1000, 150, 90);
    const first = sampler.period(start);
    expect(first.cpu).toEqual({ type: "gauge", last: 150, min: 150, max: 150, count: 1 });
    expect(first.hostCpu).toEqual({ type: "gauge", last: 90, min: 90, max: 90, count: 1 });
    start = m.epochMs;
    pass(400, 20, 10);
    sampler.sample();
    pass(600, 70, 60);
    const second = sampler.period(start);
    // 0.4 s at 20% and 0.6 s at 70%: 8 + 42 = 50% over the second.
    expect(second.cpu?.last).toBe(50);
    expect(second.hostCpu?.last).toBe(40);
  });

  it("measures the first period from the reading nearest its start, leaving out the wait for it", () => {
    const { m, sampler, pass } = fakeMachine();
    // Paused before the start: idle, sampled each second.
    for (let i = 0; i < 5; i++) {
      pass(1000, 1, 1);
      sampler.sample();
    }
    pass(100, 1, 1);
    const start = m.epochMs;
    pass(900, 100, 100);
    // The nearest reading is 100 ms before the start: 1 ms + 900 ms of CPU over 1 s.
    expect(sampler.period(start).cpu?.last).toBe(90.1);
  });

  it("gives the resident memory's min, max and last over the samples in the period and its end", () => {
    const { m, sampler, pass } = fakeMachine();
    m.rssBytes = 999e6;
    pass(1000, 0, 0);
    sampler.sample();
    const start = m.epochMs;
    for (const rss of [120e6, 300e6, 150e6]) {
      pass(1000, 0, 0);
      m.rssBytes = rss;
      sampler.sample();
    }
    pass(500, 0, 0);
    m.rssBytes = 140e6;
    const { memory, memoryLimit } = sampler.period(start);
    expect(memory).toEqual({ type: "gauge", last: 140e6, min: 120e6, max: 300e6, count: 4 });
    expect(memoryLimit).toEqual({ type: "gauge", last: 2e9, min: 2e9, max: 2e9, count: 1 });
  });

  it("leaves out the machine's CPU when a core went off line, and CPU when no time passed", () => {
    const { m, sampler, pass } = fakeMachine();
    pass(1000, 10, 10);
    m.cores = 1;
    const usage = sampler.period(m.epochMs - 1000);
    expect(usage.hostCpu).toBeUndefined();
    expect(usage.cpu?.last).toBe(10);
    const instant = sampler.period(m.epochMs);
    expect(instant.cpu).toBeUndefined();
    expect(instant.memory.count).toBe(1);
  });

  it("samples on its own every interval until stopped", async () => {
    let reads = 0;
    const sampler = new SelfUsageSampler({
      intervalMs: 10,
      sources: {
        readProcess: () => {
          reads++;
          return { monotonicMs: performance.now(), cpuMicros: 0, rssBytes: 1 };
        },
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 80));
    sampler.stop();
    const count = reads;
    expect(count).toBeGreaterThan(2);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(reads).toBe(count);
  });
});
