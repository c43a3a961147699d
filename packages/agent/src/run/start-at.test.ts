import { describe, expect, it } from "vitest";
import { waitUntil } from "./start-at.js";

describe("waitUntil", () => {
  it("never resolves before the instant", async () => {
    for (const ahead of [1, 7, 30, 120]) {
      const at = Date.now() + ahead;
      await expect(waitUntil(at)).resolves.toBe(true);
      expect(Date.now()).toBeGreaterThanOrEqual(at);
    }
  });

  it("resolves at once for an instant in the past", async () => {
    const started = Date.now();
    await expect(waitUntil(started - 10_000)).resolves.toBe(true);
    expect(Date.now() - started).toBeLessThan(20);
  });

  it("resolves false when aborted first", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);
    const started = Date.now();
    await expect(waitUntil(Date.now() + 60_000, controller.signal)).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
