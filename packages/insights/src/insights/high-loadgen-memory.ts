import type { InsightDefinition } from "../definition.js";
import type { AgentSeries, Point } from "../types.js";
import { AGENT_MEMORY_METRIC, highUsage } from "./loadgen-usage.js";

const ID = "health_high_loadgen_mem_usage";

/**
 * An agent's memory as a percentage: `memoryPercent` as given, else `memoryBytes` over
 * `memoryLimitBytes`; undefined when neither is there.
 *
 * @example memoryPercent({ agent: "a", cpuPercent: [], memoryBytes: [{ time: 0, value: 512 }], memoryLimitBytes: 1024 })
 */
export function memoryPercent(agent: AgentSeries): Point[] | undefined {
  if (agent.memoryPercent) return agent.memoryPercent;
  const limit = agent.memoryLimitBytes;
  if (!agent.memoryBytes || !(limit !== undefined && limit > 0)) return undefined;
  return agent.memoryBytes.map((p) => ({ time: p.time, value: (p.value / limit) * 100 }));
}

/**
 * health_high_loadgen_mem_usage: a load generator used 90% or more of its memory for 10 s or more.
 *
 * @example highLoadgenMemory.check(prepareRun(run))?.values?.peakPercent // 94.1
 */
export const highLoadgenMemory: InsightDefinition = {
  id: ID,
  set: "health",
  name: "High load generator memory usage",
  phases: ["live", "final"],
  check: (ctx) =>
    highUsage(ctx, {
      id: ID,
      resource: "memory",
      metric: AGENT_MEMORY_METRIC,
      usage: memoryPercent,
      advice:
        "Set discardResponseBodies: true and ask for bodies only where the script reads them " +
        '(responseType: "text"), keep big test data in a SharedArray, and run fewer VUs per load generator. ' +
        "Memory pressure also costs CPU, as garbage collection works harder.",
    }),
};
