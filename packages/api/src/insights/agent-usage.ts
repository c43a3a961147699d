import { AGENT_CPU_METRIC, AGENT_MEMORY_METRIC, type AgentSeries, type Point } from "@barrage/insights";
import type pg from "pg";
import { secondBuckets, toPoints } from "./bucket-grid.js";

/**
 * The gauges an agent adds about itself to every metric batch, tagged `instance_id` and
 * `load_zone` (packages/agent, `SELF_USAGE_METRICS`). They are Barrage's, not the script's.
 */
export const AGENT_USAGE_METRICS = {
  /** The agent process's CPU, % of one core (100 is a saturated event loop). */
  cpu: AGENT_CPU_METRIC,
  /** The machine's CPU, % of all its cores. */
  hostCpu: "barrage_agent_host_cpu",
  /** The agent's resident memory, bytes. */
  memory: AGENT_MEMORY_METRIC,
  /** The memory available to the agent (the machine's, or its cgroup's limit if lower), bytes. */
  memoryLimit: "barrage_agent_memory_limit",
} as const;

type UsageKey = keyof typeof AGENT_USAGE_METRICS;

interface Row {
  what: UsageKey;
  agent: string;
  zone: string | null;
  t: number;
  min: number;
  max: number;
}

interface Usage {
  zone: string | null;
  cpu: Map<number, number>;
  memory: Map<number, number>;
  limit: number | undefined;
}

/**
 * Each agent's CPU and memory per second, from its own gauges, for the load generator insights:
 *
 * - `cpuPercent` is, per second, the higher of the process's CPU (% of one core) and the machine's
 *   (% of all cores). Either one near 100% means the agent could not get the CPU it needed: its
 *   event loop was saturated, or something else on the machine (other agents of the local zone,
 *   the target, the platform itself) took the cores. The insight's link shows the process's gauge.
 * - `memoryBytes` is the highest resident memory of the second (the agent samples it every second,
 *   so a spike inside a longer period still shows), judged against `memoryLimitBytes`, the lowest
 *   limit the agent reported.
 *
 * An agent is named by its instance id (`run_instances.id`), the agent every stored point carries:
 * ingest replaces the `instance_id` tag of these gauges with it, and a tag filter on `instance_id`
 * (the insight's link) matches it (metrics/batch/agent-tags.ts).
 *
 * @example await queryAgentUsage(pool, runId) // [{ agent: "17", zone: "local", cpuPercent, memoryBytes, memoryLimitBytes }]
 */
export async function queryAgentUsage(pool: pg.Pool, runId: number): Promise<AgentSeries[]> {
  const scope = secondBuckets(
    runId,
    Object.entries(AGENT_USAGE_METRICS).map(([what, metric]) => ({ name: what, metric, tags: {} })),
  );
  const { rows } = await pool.query<Row>(
    `select sel.name as what, p.instance_id::text as agent, min(s.tags->>'load_zone') as zone,
            ${scope.groupBy} as t, min(p.gauge_min) as min, max(p.gauge_max) as max
       from ${scope.from}
      where ${scope.where} and p.gauge_count is not null
      group by 1, 2, 4`,
    scope.params,
  );
  const agents = new Map<string, Usage>();
  for (const row of rows) {
    let usage = agents.get(row.agent);
    if (!usage) {
      usage = { zone: row.zone, cpu: new Map(), memory: new Map(), limit: undefined };
      agents.set(row.agent, usage);
    }
    switch (row.what) {
      case "cpu":
      case "hostCpu":
        keepHighest(usage.cpu, row.t, row.max);
        break;
      case "memory":
        keepHighest(usage.memory, row.t, row.max);
        break;
      case "memoryLimit":
        if (row.min > 0) usage.limit = Math.min(usage.limit ?? Number.POSITIVE_INFINITY, row.min);
        break;
    }
  }
  return [...agents]
    .sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }))
    .map(([agent, usage]) => {
      const memoryBytes: Point[] = toPoints(usage.memory);
      return {
        agent,
        ...(usage.zone !== null && { zone: usage.zone }),
        cpuPercent: toPoints(usage.cpu),
        ...(memoryBytes.length > 0 && { memoryBytes }),
        ...(usage.limit !== undefined && { memoryLimitBytes: usage.limit }),
      };
    });
}

function keepHighest(series: Map<number, number>, time: number, value: number): void {
  const before = series.get(time);
  if (before === undefined || value > before) series.set(time, value);
}
