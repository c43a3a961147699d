import type { InsightDefinition } from "../definition.js";
import { AGENT_CPU_METRIC, highUsage } from "./loadgen-usage.js";

const ID = "health_high_loadgen_cpu_usage";

/**
 * health_high_loadgen_cpu_usage: a load generator's CPU (percentage of one core, which is what a
 * single event loop can use) stayed at or above 90% for 10 s or more.
 *
 * @example highLoadgenCpu.check(prepareRun(run))?.values?.agent // "i-0abc"
 */
export const highLoadgenCpu: InsightDefinition = {
  id: ID,
  set: "health",
  name: "High load generator CPU usage",
  phases: ["live", "final"],
  check: (ctx) =>
    highUsage(ctx, {
      id: ID,
      resource: "CPU",
      metric: AGENT_CPU_METRIC,
      usage: (agent) => agent.cpuPercent,
      advice:
        "Add sleep() between iterations, spread the same load over more VUs or more load generators " +
        "(or load zones), and keep request batches and response processing small.",
    }),
};
