import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { ProcessUsage, startHeartbeat } from "./heartbeat.js";
import { recordingLogger } from "./loopback-target.test-helpers.js";
import type { Heartbeat } from "./transport/index.js";

describe("ProcessUsage", () => {
  it("reports more CPU when busy than when idle, the resident memory and the memory limit", async () => {
    const usage = new ProcessUsage();
    const until = Date.now() + 200;
    while (Date.now() < until);
    const busy = usage.sample();
    await sleep(200);
    const idle = usage.sample();
    // A busy loop uses a whole core unless other processes compete for it, as they may in CI.
    expect(busy.cpuPercent).toBeGreaterThan(Math.max(10, 2 * idle.cpuPercent));
    expect(busy.cpuPercent).toBeLessThan(400);
    expect(busy.memoryBytes).toBeGreaterThan(10_000_000);
    expect(busy.memoryLimitBytes).toBeGreaterThanOrEqual(busy.memoryBytes);
  });
});

describe("startHeartbeat", () => {
  it("beats every interval, skips while one is in flight, and logs an outage once", async () => {
    const logger = recordingLogger();
    const beats: Heartbeat[] = [];
    let fail = true;
    let slow = false;
    const stop = startHeartbeat(
      async (beat) => {
        beats.push(beat);
        if (slow) await sleep(200);
        if (fail) throw new Error("connection refused");
      },
      { logger, intervalMs: 20 },
    );
    await sleep(110);
    fail = false;
    await sleep(60);
    slow = true;
    const before = beats.length;
    await sleep(150);
    stop();
    expect(beats.length - before).toBeLessThanOrEqual(2);
    expect(logger.lines.filter((l) => l.startsWith("WARN"))).toEqual([
      "WARN heartbeat failed: connection refused",
    ]);
    expect(logger.lines).toContain("INFO heartbeats are getting through again");
    const count = beats.length;
    await sleep(60);
    expect(beats.length).toBe(count);
  });
});
