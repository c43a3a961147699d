import { type MetricBatch, type MetricOutput, pointToJson, type SeriesPoint } from "@barrage/runner";
import { describe, expect, it } from "vitest";
import { recordingLogger } from "../loopback-target.test-helpers.js";
import { SelfUsageSampler } from "./self-usage.js";
import { SelfUsageOutput } from "./self-usage-output.js";

const tags = { instance_id: "i-1", load_zone: "eu" };

/** An output that keeps what it is given as JSON points, as the shipper would send them. */
function recorder() {
  const written: { seq: number; points: ReturnType<typeof pointToJson>[] }[] = [];
  let closed = false;
  const output: MetricOutput = {
    write: (batch) => written.push({ seq: batch.seq, points: batch.points.map(pointToJson) }),
    close: async () => {
      closed = true;
    },
  };
  return { output, written, closed: () => closed };
}

/** A sampler on a steady fake machine: 25% of one core, 50% of the host, 200 MB of 1 GB; `fail` breaks it. */
function steadySampler() {
  const state = { epochMs: 0, fail: false };
  const sampler = new SelfUsageSampler({
    intervalMs: 0,
    sources: {
      now: () => state.epochMs,
      readProcess: () => {
        if (state.fail) throw new Error("EMFILE");
        return { monotonicMs: state.epochMs, cpuMicros: state.epochMs * 250, rssBytes: 200e6 };
      },
      readHostCpu: () => ({ busyMs: state.epochMs, totalMs: state.epochMs * 2, cores: 2 }),
      readMemoryLimit: () => 1e9,
    },
  });
  return { sampler, state };
}

const counter = (name: string): SeriesPoint => ({
  metric: { id: 0, name, type: "counter", contains: "default" },
  tags: { scenario: "default" },
  value: { type: "counter", sum: 3 },
});

const batch = (seq: number, start: number, points: SeriesPoint[]): MetricBatch => ({
  seq,
  start,
  end: start + 1000,
  points,
});

describe("SelfUsageOutput", () => {
  it("adds the agent's four gauges, tagged with its instance and zone, after the runner's points", async () => {
    const { sampler, state } = steadySampler();
    const next = recorder();
    const output = new SelfUsageOutput(next.output, { tags, logger: recordingLogger(), sampler });
    state.epochMs = 1000;
    output.write(batch(1, 0, [counter("http_reqs")]));
    await output.close();

    const [doc] = next.written;
    expect(doc?.points.map((p) => p.metric)).toEqual([
      "http_reqs",
      "barrage_agent_cpu",
      "barrage_agent_host_cpu",
      "barrage_agent_memory",
      "barrage_agent_memory_limit",
    ]);
    const gauge = (last: number) => ({ last, min: last, max: last, count: 1 });
    expect(doc?.points.slice(1)).toEqual([
      { metric: "barrage_agent_cpu", type: "gauge", contains: "default", tags, data: gauge(25) },
      { metric: "barrage_agent_host_cpu", type: "gauge", contains: "default", tags, data: gauge(50) },
      { metric: "barrage_agent_memory", type: "gauge", contains: "data", tags, data: gauge(200e6) },
      { metric: "barrage_agent_memory_limit", type: "gauge", contains: "data", tags, data: gauge(1e9) },
    ]);
    expect(next.closed()).toBe(true);
  });

  it("leaves out its own gauge when the script has a metric of that name, saying so once", () => {
    const { sampler, state } = steadySampler();
    const next = recorder();
    const logger = recordingLogger();
    const output = new SelfUsageOutput(next.output, { tags, logger, sampler });
    for (const seq of [1, 2]) {
      state.epochMs = seq * 1000;
      output.write(batch(seq, state.epochMs - 1000, [counter("barrage_agent_cpu")]));
    }
    output.stop();
    for (const doc of next.written)
      expect(doc.points.filter((p) => p.metric === "barrage_agent_cpu")).toEqual([
        expect.objectContaining({ type: "counter" }),
      ]);
    expect(next.written[1]?.points).toHaveLength(4);
    expect(logger.lines).toEqual([
      "WARN the script has a metric named barrage_agent_cpu; the agent leaves out its own of that name",
    ]);
  });

  it("passes the batch on untouched when measuring fails, saying so once", () => {
    const { sampler, state } = steadySampler();
    const next = recorder();
    const logger = recordingLogger();
    const output = new SelfUsageOutput(next.output, { tags, logger, sampler });
    state.fail = true;
    output.write(batch(1, 0, [counter("http_reqs")]));
    output.write(batch(2, 1000, []));
    output.stop();
    expect(next.written.map((d) => d.points.length)).toEqual([1, 0]);
    expect(logger.lines).toEqual(["WARN could not measure the agent's own CPU and memory: EMFILE"]);
  });
});
