import { describe, expect, it } from "vitest";
import { prepareRun } from "../context.js";
import { perSecond, repeat, syntheticRun } from "../synthetic.test-helpers.js";
import type { AgentSeries } from "../types.js";
import { highLoadgenMemory, memoryPercent } from "./high-loadgen-memory.js";

const check = (agents: AgentSeries[]) => highLoadgenMemory.check(prepareRun(syntheticRun(60, { agents })));
const GiB = 2 ** 30;

describe("health_high_loadgen_mem_usage", () => {
  it("fires when memory stays at 90% or more for 10 s", () => {
    const insight = check([
      { agent: "i-1", cpuPercent: [], memoryPercent: perSecond([...repeat(50, 5), ...repeat(93, 10)]) },
    ]);
    expect(insight).toMatchObject({
      id: "health_high_loadgen_mem_usage",
      severity: "critical",
      metric: "barrage_agent_memory",
      filter: { instance_id: "i-1" },
      values: { peakPercent: 93, durationMs: 10_000 },
    });
    expect(insight?.explanation).toContain("discardResponseBodies");
  });

  it("does not fire for 9 s", () => {
    expect(
      check([{ agent: "i-1", cpuPercent: [], memoryPercent: perSecond(repeat(99, 9)) }]),
    ).toBeUndefined();
  });

  it("judges resident bytes against the agent's memory limit", () => {
    const bytes = (fraction: number) => perSecond(repeat(fraction * 2 * GiB, 12));
    const at = (fraction: number) =>
      check([{ agent: "i-1", cpuPercent: [], memoryBytes: bytes(fraction), memoryLimitBytes: 2 * GiB }]);
    expect(at(0.9)?.values?.peakPercent).toBe(90);
    expect(at(0.899)).toBeUndefined();
  });

  it("cannot judge bytes without a limit", () => {
    const a: AgentSeries = { agent: "i-1", cpuPercent: [], memoryBytes: perSecond(repeat(10 * GiB, 30)) };
    expect(memoryPercent(a)).toBeUndefined();
    expect(check([a])).toBeUndefined();
  });
});
