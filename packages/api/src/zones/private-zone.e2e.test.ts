/**
 * Private load zones end to end: the real platform (`startPlatform`: GraphQL, pipeline, coordinator,
 * agent port) on the real PostgreSQL, and real `barrage agent` processes of the CLI that enrol with
 * nothing but the zone's enrolment token and the agent port's URL (the CA comes pinned in the token).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTarget, type Target } from "../coordinator/platform.test-helpers.js";
import { createTestDatabase, type TestDatabase } from "../db/test-database.test-helpers.js";
import {
  createCloudRun,
  eventually,
  type GraphQLClient,
  graphqlClient,
  startE2ePlatform,
  waitForRunEnd,
} from "../platform/platform-e2e.test-helpers.js";
import type { Platform } from "../platform/start-platform.js";

const CLI = fileURLToPath(new URL("../../../cli/bin/barrage.js", import.meta.url));
/** Short enough for the test of a zone short of agents; agents that are there are ready in a few seconds. */
const READY_TIMEOUT_MS = 15_000;

/** A `barrage agent` process and what it printed. */
interface AgentProcess {
  name: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

let database: TestDatabase;
let stateDir: string;
let platform: Platform;
let client: GraphQLClient;
let target: Target;
let token: string;
let zoneId: string;
const logs: string[] = [];
const agents: AgentProcess[] = [];

function startAgent(name: string): AgentProcess {
  const child = spawn(
    process.execPath,
    [CLI, "agent", "--zone", "office", "--api", platform.agentUrl, "--name", name],
    {
      env: { ...process.env, BARRAGE_ENROLMENT_TOKEN: token },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = once(child, "exit").then(([code]) => code as number | null);
  const agent = { name, child, output: () => output, exited };
  agents.push(agent);
  return agent;
}

/** Everything the agents and the platform said, for failure messages. */
function context(): string {
  return [
    ...agents.map((a) => `--- agent ${a.name}\n${a.output()}`),
    `--- platform\n${logs.join("\n")}`,
  ].join("\n");
}

interface ZoneAgentView {
  id: string;
  name: string;
  state: string;
  version: string | null;
  capacityVus: number | null;
  lastSeenAt: string | null;
  run: { id: string } | null;
}

async function zoneAgents(): Promise<ZoneAgentView[]> {
  const { loadZone } = await client.request<{ loadZone: { agents: ZoneAgentView[] } }>(
    `query ($id: ID!) { loadZone(id: $id) { agents { id name state version capacityVus lastSeenAt run { id } } } }`,
    { id: zoneId },
  );
  return loadZone.agents;
}

async function statesByName(): Promise<Record<string, string>> {
  return Object.fromEntries((await zoneAgents()).map((a) => [a.name, a.state]));
}

/** Waits until the named agents have exactly these states. */
function waitForStates(expected: Record<string, string>, timeoutMs = 30_000): Promise<unknown> {
  return eventually(
    `agents ${JSON.stringify(expected)}`,
    async () => {
      const states = await statesByName();
      return Object.entries(expected).every(([name, state]) => states[name] === state) ? true : undefined;
    },
    timeoutMs,
    async () => `${JSON.stringify(await statesByName())}\n${context()}`,
  );
}

function script(vus: number, iterations: number): string {
  return `import http from "k6/http";
export const options = {
  scenarios: { shared: { executor: "shared-iterations", vus: ${vus}, iterations: ${iterations} } },
  cloud: { distribution: { office: { loadZone: "office", percent: 100 } } },
};
export default async function () { await http.get(\`\${__ENV.TARGET}/hit\`); }
`;
}

async function storedIterations(runId: number): Promise<number> {
  const { rows } = await database.pool.query<{ total: number | null }>(
    `select sum(p.counter_sum)::float8 as total from metric_points p join metric_series s on s.id = p.series_id
      where s.run_id = $1 and s.metric = 'iterations'`,
    [runId],
  );
  return rows[0]?.total ?? 0;
}

async function agentsOfRun(runId: number): Promise<string[]> {
  const { rows } = await database.pool.query<{ name: string }>(
    `select a.name from zone_jobs j join zone_agents a on a.id = j.agent_id where j.run_id = $1 order by a.name`,
    [runId],
  );
  return rows.map((row) => row.name);
}

beforeAll(async () => {
  database = await createTestDatabase({ workerSchema: false });
  stateDir = await mkdtemp(join(tmpdir(), "barrage-private-zones-"));
  platform = await startE2ePlatform(
    {
      databaseUrl: database.url,
      stateDir,
      agentPort: 0,
      coordinatorTuning: { readyTimeoutMs: READY_TIMEOUT_MS, recheckMs: 200 },
    },
    logs,
  );
  client = await graphqlClient(() => platform);
  target = await startTarget();
  const { createPrivateLoadZone } = await client.request<{
    createPrivateLoadZone: { zone: { id: string }; enrolmentToken: string };
  }>(
    `mutation { createPrivateLoadZone(input: {name: "office", labels: [{name: "site", value: "hq"}], vusPerAgent: 2}) {
       zone { id } enrolmentToken } }`,
  );
  token = createPrivateLoadZone.enrolmentToken;
  zoneId = createPrivateLoadZone.zone.id;
  startAgent("alpha");
  startAgent("beta");
  await waitForStates({ alpha: "IDLE", beta: "IDLE" });
}, 90_000);

afterAll(async () => {
  for (const agent of agents) if (agent.child.exitCode === null) agent.child.kill("SIGKILL");
  await target?.close();
  await platform?.close();
  await database?.drop();
  await rm(stateDir, { recursive: true, force: true });
});

describe("a private zone with two barrage agent processes", () => {
  it("lists the zone beside the built-in ones, and its agents with their version and capacity", async () => {
    const { loadZones } = await client.request<{
      loadZones: { name: string; provider: string; builtIn: boolean }[];
    }>("{ loadZones { name provider builtIn } }");
    expect(loadZones).toContainEqual({ name: "local", provider: "LOCAL", builtIn: true });
    expect(loadZones).toContainEqual({ name: "office", provider: "PRIVATE", builtIn: false });
    const listed = await zoneAgents();
    expect(listed.map((a) => a.name).sort()).toEqual(["alpha", "beta"]);
    for (const agent of listed) {
      expect(agent).toMatchObject({ state: "IDLE", version: "0.1.0", capacityVus: 2, run: null });
      expect(Date.now() - Date.parse(agent.lastSeenAt ?? "")).toBeLessThan(15_000);
    }
    // The token travels in the environment: it is on no command line and in no log.
    expect(context()).not.toContain(token);
  });

  it("runs a test across both agents to FINISHED with the exact iterations; they are BUSY meanwhile and IDLE after", async () => {
    const { runId } = await createCloudRun(client, script(4, 20), { TARGET: target.url });
    const seen = new Set<string>();
    const watching = (async () => {
      for (;;) {
        const { rows } = await database.pool.query(`select status from test_runs where id = $1`, [runId]);
        for (const agent of await zoneAgents()) seen.add(`${agent.name}:${agent.state}`);
        if (["FINISHED", "ABORTED_BY_SYSTEM", "ABORTED_BY_SCRIPT_ERROR"].includes(rows[0]?.status)) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const end = await waitForRunEnd(database.pool, runId, 60_000, context);
    await watching;
    expect(end, context()).toEqual({ status: "FINISHED", reason: null });
    expect(target.count("/hit")).toBe(20);
    expect(await storedIterations(runId)).toBe(20);
    expect(await agentsOfRun(runId)).toEqual(["alpha", "beta"]);
    expect(seen).toContain("alpha:BUSY");
    expect(seen).toContain("beta:BUSY");
    await waitForStates({ alpha: "IDLE", beta: "IDLE" });
  }, 90_000);

  it("keeps a run needing 3 agents waiting in INITIALIZING with the reason, then ends it ABORTED_BY_SYSTEM", async () => {
    const { runId } = await createCloudRun(client, script(6, 6), { TARGET: target.url });
    const waiting = await eventually(
      "the waiting reason",
      async () => {
        const { rows } = await database.pool.query(
          `select status, status_reason from test_runs where id = $1`,
          [runId],
        );
        return rows[0]?.status_reason ===
          'waiting for 1 more agent in private zone "office" (2 online, 0 idle)'
          ? rows[0]
          : undefined;
      },
      READY_TIMEOUT_MS,
      context,
    );
    expect(waiting.status).toBe("INITIALIZING");
    const end = await waitForRunEnd(database.pool, runId, READY_TIMEOUT_MS + 30_000, context);
    expect(end.status).toBe("ABORTED_BY_SYSTEM");
    expect(end.reason).toMatch(/^not every agent was ready in time: /);
    expect(end.reason).toContain(
      'STARTING (private zone "office" lacked agents: no idle agent took this instance)',
    );
    await waitForStates({ alpha: "IDLE", beta: "IDLE" });
  }, 90_000);

  it("refuses a revoked agent: its process is told 403 and stops, and only the other agent is allocated", async () => {
    const [alpha] = agents;
    const listed = await zoneAgents();
    const alphaId = listed.find((a) => a.name === "alpha")?.id;
    const { revokeAgent } = await client.request<{ revokeAgent: { state: string; revokedAt: string } }>(
      `mutation ($id: ID!) { revokeAgent(id: $id) { state revokedAt } }`,
      { id: alphaId },
    );
    expect(revokeAgent.state).toBe("REVOKED");
    expect(
      await Promise.race([alpha?.exited, new Promise((r) => setTimeout(() => r("still running"), 10_000))]),
    ).toBe(1);
    expect(alpha?.output()).toMatch(/403: agent \d+ (of private zone "office" )?was revoked/);
    const { runId } = await createCloudRun(client, script(2, 4), { TARGET: target.url });
    const end = await waitForRunEnd(database.pool, runId, 60_000, context);
    expect(end, context()).toEqual({ status: "FINISHED", reason: null });
    expect(await agentsOfRun(runId)).toEqual(["beta"]);
    expect(await statesByName()).toEqual({ alpha: "REVOKED", beta: expect.stringMatching(/IDLE|BUSY/) });
  }, 90_000);

  it("shows an agent OFFLINE as soon as it stops", async () => {
    const beta = agents[1];
    await waitForStates({ beta: "IDLE" });
    beta?.child.kill("SIGTERM");
    expect(await beta?.exited).toBe(0);
    expect(await statesByName()).toEqual({ alpha: "REVOKED", beta: "OFFLINE" });
  }, 30_000);
});
