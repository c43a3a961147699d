import { describe, expect, it } from "vitest";
import { delay, TestClock } from "./clock.js";

describe("TestClock", () => {
  it("does not count paused time", async () => {
    const clock = new TestClock();
    expect(clock.now()).toBe(0);
    clock.start();
    await delay(30);
    clock.pause();
    const atPause = clock.now();
    await delay(60);
    expect(clock.now()).toBe(atPause);
    clock.resume();
    await delay(10);
    expect(clock.now()).toBeGreaterThanOrEqual(atPause + 9);
    expect(clock.now()).toBeLessThan(atPause + 50);
  });

  it("sleeps through a pause in until()", async () => {
    const clock = new TestClock();
    clock.start();
    const reached = clock.until(40);
    clock.pause();
    setTimeout(() => clock.resume(), 60);
    const started = performance.now();
    expect(await reached).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
  });

  it("returns false at once when aborted", async () => {
    const clock = new TestClock();
    clock.start();
    const abort = new AbortController();
    const reached = clock.until(10_000, abort.signal);
    abort.abort();
    expect(await reached).toBe(false);
  });
});
