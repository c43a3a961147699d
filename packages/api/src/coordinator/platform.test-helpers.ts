/**
 * The whole distributed-run machinery for tests: the agent port, the local provider starting real
 * agent processes, the coordinator loop, and a loopback HTTP target for the scripts.
 */
import { once } from "node:events";
import { readdir, readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { LocalProvider } from "@barrage/providers";
import {
  allocateRun,
  createPlannedRun,
  type PlannedRun,
  startTestAgentPort,
  type TestAgentPort,
} from "../agents/agent-port.test-helpers.js";
import type { RunStatus } from "../runs/status.js";
import { type Coordinator, startCoordinator } from "./coordinator-loop.js";
import type { CoordinatorTuning } from "./tuning.js";

/** A plain HTTP server on loopback that answers 200 and counts requests by path and query. */
export interface Target {
  url: string;
  hits: { path: string; query: URLSearchParams }[];
  count(path: string): number;
  close(): Promise<void>;
}

export async function startTarget(): Promise<Target> {
  const hits: Target["hits"] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://target");
    hits.push({ path: url.pathname, query: url.searchParams });
    res.end("ok");
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    count: (path) => hits.filter((h) => h.path === path).length,
    close: async () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** How a run ended, as the database tells it. */
export interface RunEnd {
  status: RunStatus;
  reason: string | null;
  result: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
}

/** The platform of one test file. */
export interface TestPlatform extends TestAgentPort {
  provider: LocalProvider;
  coordinator: Coordinator;
  target: Target;
  /**
   * Plans a run of `script` on `instances` agents (env TARGET set to the target) and allocates it;
   * the coordinator drives it from there. Agents dial `apiUrl` (default the agent port itself).
   */
  launch(script: string, instances: number, apiUrl?: string): Promise<PlannedRun>;
  /** Resolves once the coordinator is done with the run; the error of a timeout carries the agents' logs. */
  waitForEnd(runId: number, timeoutMs?: number): Promise<RunEnd>;
  /** Resolves once the run has `status`. */
  waitForStatus(runId: number, status: RunStatus, timeoutMs?: number): Promise<void>;
  /** Replaces the coordinator loop with a new one, as a restarted API process would start it. */
  restartCoordinator(): Promise<void>;
  /** The output of the run's agents, for failure messages. */
  agentLogs(runId: number): Promise<string>;
}

/** Starts everything; `tuning` shortens the coordinator's timings where a test needs it. */
export async function startTestPlatform(tuning: Partial<CoordinatorTuning> = {}): Promise<TestPlatform> {
  const port = await startTestAgentPort({ aggregationPeriodMs: 250 });
  const logDirectory = join(port.directory, "agents");
  const provider = new LocalProvider({ logDirectory, killGraceMs: 5000 });
  const providers = new Map([["local", provider]]);
  const fullTuning: Partial<CoordinatorTuning> = { readyTimeoutMs: 40_000, recheckMs: 200, ...tuning };
  const coordinatorOptions = { pool: port.pool, providers, logger: port.logger, tuning: fullTuning };
  let coordinator = await startCoordinator(coordinatorOptions);
  const target = await startTarget();

  const agentLogs = async (runId: number): Promise<string> => {
    const directory = join(logDirectory, `run-${runId}`);
    const names = await readdir(directory).catch(() => []);
    const logs = await Promise.all(
      names.map(async (name) => `--- ${name}\n${await readFile(join(directory, name), "utf8")}`),
    );
    return logs.join("\n");
  };

  const poll = async <T>(
    what: string,
    runId: number,
    timeoutMs: number,
    check: () => Promise<T | undefined>,
  ): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await check();
      if (found !== undefined) return found;
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${what} of run ${runId}\n${port.logger.lines.join("\n")}\n${await agentLogs(runId)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  return {
    ...port,
    provider,
    get coordinator() {
      return coordinator;
    },
    target,
    agentLogs,
    launch: async (script, instances, apiUrl) => {
      const run = await createPlannedRun(port, { script, instances, env: { TARGET: target.url } });
      // The coordinator picks the run up from its INITIALIZING notification.
      await allocateRun(port, run.runId, provider, apiUrl);
      return run;
    },
    waitForEnd: (runId, timeoutMs = 45_000) =>
      poll("the end", runId, timeoutMs, async () => {
        const { rows } = await port.pool.query(
          `select t.status, t.status_reason, t.result, t.started_at, t.ended_at, c.phase
             from test_runs t join run_coordination c on c.run_id = t.id where t.id = $1`,
          [runId],
        );
        const row = rows[0];
        if (row?.phase !== "done") return undefined;
        return {
          status: row.status,
          reason: row.status_reason,
          result: row.result,
          startedAt: row.started_at,
          endedAt: row.ended_at,
        };
      }),
    waitForStatus: (runId, status, timeoutMs = 30_000) =>
      poll(status, runId, timeoutMs, async () => {
        const { rows } = await port.pool.query(`select status from test_runs where id = $1`, [runId]);
        return rows[0]?.status === status ? true : undefined;
      }).then(() => undefined),
    restartCoordinator: async () => {
      await coordinator.close();
      coordinator = await startCoordinator(coordinatorOptions);
    },
    close: async () => {
      await coordinator.close();
      // Whatever a failed test left running.
      const { rows } = await port.pool.query<{ provider_ref: string }>(
        `select provider_ref from run_instances where provider_ref is not null and state <> 'RELEASED'`,
      );
      await provider.release(rows.map((r) => r.provider_ref));
      await target.close();
      await port.close();
    },
  };
}
