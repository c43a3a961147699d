/**
 * A run's metrics as agents report them, for the insights' integration tests: per second, VUs,
 * iterations, HTTP requests by name, method, URL and status (with their latencies and whether they
 * failed), the agent's own CPU and memory gauges, and any extra points, in the real metric-stream
 * format and through the real ingest.
 */
import type { PointJson } from "@barrage/runner";
import type pg from "pg";
import { batch, counterPoint, gaugePoint, ratePoint, trendPoint } from "../metrics/batches.test-helpers.js";
import { ingestBatch } from "../metrics/index.js";

/** Requests of one name, URL and status in one second. */
export interface RequestGroup {
  name: string;
  method?: string;
  /** The `url` tag; default `http://target.test/<name>`. */
  url?: string;
  status?: string;
  /** One latency (ms) per request. */
  latencies: number[];
  /** Whether these requests failed (`http_req_failed` 1); default: status >= 400 or 0. */
  failed?: boolean;
  /** Extra tags, such as `group`. */
  tags?: Record<string, string>;
}

/** What the agent reports about itself in that second, tagged with its instance id as the platform stamps it. */
export interface AgentSecond {
  cpu: number;
  hostCpu?: number;
  memory?: number;
  memoryLimit?: number;
}

/** One agent's second of a run. */
export interface RunSecond {
  seq: number;
  /** End of the second (epoch ms). */
  end: number;
  zone?: string;
  vus: number;
  iterations: number;
  requests?: RequestGroup[];
  agent?: AgentSecond;
  extra?: PointJson[];
}

/** Stores one agent's batch of one second through `ingestBatch`. */
export async function ingestRunSecond(
  pool: pg.Pool,
  source: { runId: number; instanceId: number },
  second: RunSecond,
): Promise<void> {
  const zone = second.zone ?? "local";
  const points: PointJson[] = [
    gaugePoint("vus", { load_zone: zone }, [second.vus]),
    counterPoint("iterations", { load_zone: zone }, second.iterations),
  ];
  for (const group of second.requests ?? []) {
    if (group.latencies.length === 0) continue;
    const status = group.status ?? "200";
    const code = Number(status);
    const failed = group.failed ?? (code >= 400 || code === 0);
    const tags = {
      name: group.name,
      method: group.method ?? "GET",
      url: group.url ?? `http://target.test/${group.name}`,
      status,
      load_zone: zone,
      ...group.tags,
    };
    points.push(
      counterPoint("http_reqs", tags, group.latencies.length),
      ratePoint("http_req_failed", tags, failed ? group.latencies.length : 0, group.latencies.length),
      trendPoint("http_req_duration", tags, group.latencies),
    );
  }
  const agent = second.agent;
  if (agent) {
    const tags = { instance_id: String(source.instanceId), load_zone: zone };
    points.push(gaugePoint("barrage_agent_cpu", tags, [agent.cpu]));
    if (agent.hostCpu !== undefined) points.push(gaugePoint("barrage_agent_host_cpu", tags, [agent.hostCpu]));
    if (agent.memory !== undefined) points.push(gaugePoint("barrage_agent_memory", tags, [agent.memory]));
    if (agent.memoryLimit !== undefined) {
      points.push(gaugePoint("barrage_agent_memory_limit", tags, [agent.memoryLimit]));
    }
  }
  points.push(...(second.extra ?? []));
  await ingestBatch(pool, source, batch(second.seq, second.end, points));
}

/**
 * Stores `seconds` seconds of one agent's run starting at `start` (epoch ms, a whole second), each
 * second described by `describe(i)` (i from 0).
 */
export async function ingestRun(
  pool: pg.Pool,
  source: { runId: number; instanceId: number },
  start: number,
  seconds: number,
  describe: (i: number) => Omit<RunSecond, "seq" | "end">,
): Promise<void> {
  for (let i = 0; i < seconds; i++) {
    await ingestRunSecond(pool, source, { seq: i + 1, end: start + (i + 1) * 1000, ...describe(i) });
  }
}
