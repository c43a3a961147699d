import { describe, expect, it } from "vitest";
import {
  constantVusScript,
  counterSum,
  launchAgent,
  reported,
  startRun,
} from "./agent-harness.test-helpers.js";
import type { Hit } from "./loopback-target.test-helpers.js";

const perVuIterations = `
import http from "k6/http";
export const options = { scenarios: { main: { executor: "per-vu-iterations", vus: 2, iterations: 5 } } };
export default async function () {
  await http.get(__ENV.TARGET + "/hit?vu=" + __VU);
}
`;

async function setUp(script: string) {
  const { target, fake } = await startRun(script);
  fake.addInstance("i-1", { env: { TARGET: target.url } });
  return { target, fake };
}

describe("a run on one agent", () => {
  it("streams consecutive batches whose http_reqs add up to what the target saw", async () => {
    const { target, fake } = await setUp(perVuIterations);
    const agent = launchAgent(fake, "i-1");
    await fake.waitFor("ready", () => reported(fake, "i-1", "ready"));
    expect(target.hits).toHaveLength(0);
    fake.command("i-1", { type: "start", atEpochMs: Date.now() + 100 });
    await fake.waitFor("finished", () => reported(fake, "i-1", "finished"));
    fake.command("i-1", { type: "stop", reason: "released" });
    await expect(agent.result).resolves.toEqual({ exitCode: 0 });

    expect(target.hits.filter((h: Hit) => h.path === "/hit")).toHaveLength(10);
    const docs = fake.metrics("i-1");
    const seqs = [...docs.keys()].sort((a, b) => a - b);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(counterSum(docs.values(), "http_reqs")).toBe(10);
    expect(counterSum(docs.values(), "iterations")).toBe(10);
    const trend = [...docs.values()].flatMap((d) => d.points).find((p) => p.metric === "http_req_duration");
    expect(trend?.data).toMatchObject({ hdr: expect.any(String) });
    const states = fake.instance("i-1").states;
    expect(states.map((s) => s.state)).toEqual(["ready", "running", "finished"]);
    expect(states[0]).toMatchObject({ vus: 2 });
    expect(states[2]).toMatchObject({ exitCode: 0, iterations: 10 });
    expect(fake.instance("i-1").heartbeats.length).toBeGreaterThan(0);
    expect(fake.instance("i-1").heartbeats[0]).toMatchObject({
      cpuPercent: expect.any(Number),
      memoryBytes: expect.any(Number),
    });
  });

  it("starts no earlier than the agreed instant", async () => {
    const { target, fake } = await setUp(perVuIterations);
    const agent = launchAgent(fake, "i-1");
    await fake.waitFor("ready", () => reported(fake, "i-1", "ready"));
    const atEpochMs = Date.now() + 1200;
    fake.command("i-1", { type: "start", atEpochMs });
    await fake.waitFor("running", () => reported(fake, "i-1", "running"));
    expect(Date.now()).toBeGreaterThanOrEqual(atEpochMs);
    await fake.waitFor("finished", () => reported(fake, "i-1", "finished"));
    fake.command("i-1", { type: "stop", reason: "released" });
    await agent.result;
    const first = Math.min(...target.hits.map((h) => h.atEpochMs));
    expect(first).toBeGreaterThanOrEqual(atEpochMs);
    expect(first - atEpochMs).toBeLessThan(500);
  });

  it("stops when told to, with k6's exit code for a test stopped from outside", async () => {
    const { target, fake } = await setUp(constantVusScript("30s"));
    const agent = launchAgent(fake, "i-1");
    await fake.waitFor("ready", () => reported(fake, "i-1", "ready"));
    fake.command("i-1", { type: "start", atEpochMs: Date.now() });
    await fake.waitFor("some load", () => target.hits.length >= 5);
    const stoppedAt = Date.now();
    fake.command("i-1", { type: "stop", reason: "aborted by user" });
    await fake.waitFor("finished", () => reported(fake, "i-1", "finished"));
    expect(Date.now() - stoppedAt).toBeLessThan(5000);
    const hitsAtEnd = target.hits.length;
    fake.command("i-1", { type: "stop", reason: "released" });
    await expect(agent.result).resolves.toEqual({ exitCode: 103 });
    expect(target.hits.length).toBe(hitsAtEnd);
    expect(fake.instance("i-1").states.at(-1)).toMatchObject({ state: "finished", exitCode: 103 });
    expect(counterSum(fake.metrics("i-1").values(), "http_reqs")).toBe(hitsAtEnd);
  });

  it("stops on its abort signal (SIGTERM) and reports the end before exiting", async () => {
    const { target, fake } = await setUp(constantVusScript("30s"));
    const controller = new AbortController();
    const agent = launchAgent(fake, "i-1", { signal: controller.signal });
    await fake.waitFor("ready", () => reported(fake, "i-1", "ready"));
    fake.command("i-1", { type: "start", atEpochMs: Date.now() });
    await fake.waitFor("some load", () => target.hits.length >= 3);
    controller.abort();
    await expect(agent.result).resolves.toEqual({ exitCode: 105 });
    expect(fake.instance("i-1").states.at(-1)).toMatchObject({ state: "finished", exitCode: 105 });
  });

  it("reports a script that cannot run as failed, with the runner's exit code", async () => {
    const { fake } = await setUp("export default async function ( {");
    const agent = launchAgent(fake, "i-1");
    await expect(agent.result).resolves.toEqual({ exitCode: 107 });
    const [state] = fake.instance("i-1").states;
    expect(state).toMatchObject({
      state: "failed",
      exitCode: 107,
      detail: expect.stringContaining("test.js"),
    });
  });
});
