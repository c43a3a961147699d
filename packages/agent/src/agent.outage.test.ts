import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import {
  constantVusScript,
  counterSum,
  launchAgent,
  reported,
  startRun,
} from "./agent-harness.test-helpers.js";

describe("an API outage during a run", () => {
  it("loses no metric batch: every seq arrives, resends are duplicates of what arrived", async () => {
    const { target, fake } = await startRun(constantVusScript("4s"));
    fake.addInstance("i-1", { env: { TARGET: target.url } });
    const agent = launchAgent(fake, "i-1");
    await fake.waitFor("ready", () => reported(fake, "i-1", "ready"));
    fake.command("i-1", { type: "start", atEpochMs: Date.now() });
    await fake.waitFor("running", () => reported(fake, "i-1", "running"));

    await sleep(400);
    fake.outage = { mode: "503" };
    await sleep(800);
    fake.outage = { mode: "lose-answer", paths: ["/agent/v1/metrics"] };
    await sleep(500);
    fake.outage = { mode: "drop" };
    await sleep(800);
    fake.outage = undefined;

    await fake.waitFor("finished", () => reported(fake, "i-1", "finished"));
    fake.command("i-1", { type: "stop", reason: "released" });
    await expect(agent.result).resolves.toEqual({ exitCode: 0 });

    const posts = fake.instance("i-1").metricPosts;
    const distinct = fake.metrics("i-1");
    const last = Math.max(...distinct.keys());
    expect([...distinct.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    expect(last).toBeGreaterThanOrEqual(15);
    expect(posts.length).toBeGreaterThan(distinct.size);
    expect(counterSum(distinct.values(), "http_reqs")).toBe(target.hits.length);
    expect(agent.logger.lines.some((l) => /sending metric batch seq \d+ failed, keeping it/.test(l))).toBe(
      true,
    );
  });
});
