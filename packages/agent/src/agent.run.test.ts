import { describe, expect, it } from "vitest";
// Test-only, like the fake coordinator's CA: the API's own strict check of a metric-stream document.
import { parseMetricBatch } from "../../api/src/metrics/batch/parse-batch.js";
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
      memoryLimitBytes: expect.any(Number),
    });
  });

  it("adds its own CPU and memory gauges, tagged with its instance and zone, to every batch", async () => {
    const { fake } = await setUp(constantVusScript("1500ms"));
    const agent = launchAgent(fake, "i-1");
    await fake.waitFor("ready", () => reported(fake, "i-1", "ready"));
    fake.command("i-1", { type: "start", atEpochMs: Date.now() + 100 });
    await fake.waitFor("finished", () => reported(fake, "i-1", "finished"));
    fake.command("i-1", { type: "stop", reason: "released" });
    await expect(agent.result).resolves.toEqual({ exitCode: 0 });

    const docs = [...fake.metrics("i-1").values()];
    // 200 ms periods over 1.5 s.
    expect(docs.length).toBeGreaterThanOrEqual(5);
    const tags = { instance_id: "i-1", load_zone: "local" };
    for (const doc of docs) {
      // The API would store it: no series twice, gauges consistent, nothing unknown.
      expect(() => parseMetricBatch(doc)).not.toThrow();
      const own = (metric: string) => {
        const points = doc.points.filter((p) => p.metric === metric);
        expect(points, `${metric} in batch ${doc.seq}`).toHaveLength(1);
        expect(points[0]).toMatchObject({ type: "gauge", tags });
        return points[0]?.data as { last: number; min: number; max: number; count: number };
      };
      const cpu = own("barrage_agent_cpu");
      const hostCpu = own("barrage_agent_host_cpu");
      const memory = own("barrage_agent_memory");
      const limit = own("barrage_agent_memory_limit");
      expect(cpu.last).toBeGreaterThanOrEqual(0);
      expect(hostCpu.last).toBeGreaterThanOrEqual(0);
      expect(hostCpu.last).toBeLessThanOrEqual(100);
      expect(memory.min).toBeGreaterThan(10_000_000);
      expect(memory.count).toBeGreaterThanOrEqual(1);
      expect(limit.last).toBeGreaterThanOrEqual(memory.max);
    }
    const [first] = docs;
    expect(first?.points.find((p) => p.metric === "barrage_agent_memory")?.contains).toBe("data");
    expect(first?.points.find((p) => p.metric === "barrage_agent_cpu")?.contains).toBe("default");
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
    // The one VU's request in flight at the stop reaches the target but is interrupted before its
    // response, and an interrupted request is not a completed one: it is not in http_reqs.
    const shipped = counterSum(fake.metrics("i-1").values(), "http_reqs");
    expect(shipped).toBeGreaterThanOrEqual(hitsAtEnd - 1);
    expect(shipped).toBeLessThanOrEqual(hitsAtEnd);
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
