import { describe, expect, it } from "vitest";
import { prepareRun } from "../context.js";
import { perSecond, repeat, syntheticRun, T0 } from "../synthetic.test-helpers.js";
import type { AgentSeries } from "../types.js";
import { highLoadgenCpu } from "./high-loadgen-cpu.js";

const agent = (id: string, cpu: number[], zone = "local"): AgentSeries => ({
  agent: id,
  zone,
  cpuPercent: perSecond(cpu),
});
const check = (agents: AgentSeries[]) => highLoadgenCpu.check(prepareRun(syntheticRun(60, { agents })));

describe("health_high_loadgen_cpu_usage", () => {
  it("fires when an agent stays at 90% or more for 10 s, naming it and the stretch", () => {
    const insight = check([agent("i-1", [...repeat(40, 20), ...repeat(90, 10), ...repeat(40, 30)])]);
    expect(insight).toMatchObject({
      id: "health_high_loadgen_cpu_usage",
      severity: "critical",
      from: T0 + 20_000,
      to: T0 + 30_000,
      metric: "barrage_agent_cpu",
      filter: { instance_id: "i-1", load_zone: "local" },
      values: { agent: "i-1", peakPercent: 90, durationMs: 10_000, agents: 1 },
    });
    expect(insight?.explanation).toContain("for 10s without a break (from 20s to 30s into the test)");
  });

  it("does not fire for 9 s at 90%, nor for 10 s at 89.9%", () => {
    expect(check([agent("i-1", [...repeat(40, 20), ...repeat(90, 9), ...repeat(40, 31)])])).toBeUndefined();
    expect(
      check([agent("i-1", [...repeat(40, 20), ...repeat(89.9, 10), ...repeat(40, 30)])]),
    ).toBeUndefined();
  });

  it("does not add up separate busy stretches", () => {
    expect(check([agent("i-1", [...repeat(99, 6), 50, ...repeat(99, 6)])])).toBeUndefined();
  });

  it("reports the agent with the longest stretch and counts the others", () => {
    const insight = check([
      agent("i-1", repeat(95, 12), "a"),
      agent("i-2", repeat(120, 30), "b"),
      agent("i-3", repeat(30, 30), "b"),
    ]);
    expect(insight?.values).toMatchObject({ agent: "i-2", peakPercent: 120, agents: 2 });
    expect(insight?.filter).toEqual({ instance_id: "i-2", load_zone: "b" });
  });
});
