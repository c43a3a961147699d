/**
 * The real platform (`startPlatform`) for end-to-end tests, with the `aws` provider pointed at the
 * EC2 emulator of `@barrage/providers/aws-emulator`, whose instances run the real agent; a GraphQL
 * client with an admin token; and a switch that makes new instances boot without an agent.
 */
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { join } from "node:path";
import type pg from "pg";
import { fromGlobalId } from "../graphql/global-id.js";
import type { RunStatus } from "../runs/status.js";
import { isTerminal } from "../runs/status.js";
import { type Platform, type PlatformOptions, startPlatform } from "./start-platform.js";

/** A port free right now on loopback, so that a restarted platform can listen where agents dial. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Writes the program the emulator runs as `barrage-agent`: the real agent, unless the file
 * `<directory>/no-agent` exists, in which case it only sleeps, like an instance whose image or
 * network keeps the agent from ever calling home. Returns the switch.
 */
export async function writeAgentStandIn(
  directory: string,
): Promise<{ path: string; noAgent: (on: boolean) => Promise<void> }> {
  const flag = join(directory, "no-agent");
  const agent = createRequire(import.meta.url).resolve("@barrage/agent/bin/barrage-agent.js");
  const path = join(directory, "agent-stand-in.mjs");
  await writeFile(
    path,
    `import { existsSync } from "node:fs";
if (existsSync(${JSON.stringify(flag)})) {
  console.log("stand-in: no agent on this instance");
  setInterval(() => {}, 1 << 30);
} else {
  await import(${JSON.stringify(agent)});
}
`,
  );
  return {
    path,
    noAgent: async (on) => {
      if (on) await writeFile(flag, "");
      else await import("node:fs/promises").then((fs) => fs.rm(flag, { force: true }));
    },
  };
}

/** A GraphQL client of one platform, with an admin token of its default organization. */
export interface GraphQLClient {
  request<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

export async function graphqlClient(platform: () => Platform): Promise<GraphQLClient> {
  const token = await platform().createApiToken("e2e", ["ADMIN"]);
  return {
    request: async <T>(query: string, variables: Record<string, unknown> = {}) => {
      const response = await fetch(platform().url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
      if (body.errors?.length) throw new Error(`GraphQL: ${body.errors.map((e) => e.message).join("; ")}`);
      return body.data as T;
    },
  };
}

/** Creates a run of `script` in the default organization's first project; answers its GraphQL id and row id. */
export async function createCloudRun(
  client: GraphQLClient,
  script: string,
  env: Record<string, string>,
): Promise<{ id: string; runId: number }> {
  const { projects } = await client.request<{ projects: { edges: { node: { id: string } }[] } }>(
    "{ projects(first: 1) { edges { node { id } } } }",
  );
  const projectId = projects.edges[0]?.node.id;
  if (!projectId) throw new Error("the default organization has no project");
  const { createTestRun } = await client.request<{ createTestRun: { id: string } }>(
    `mutation ($input: CreateTestRunInput!) { createTestRun(input: $input) { id } }`,
    {
      input: {
        projectId,
        loadTestName: "e2e",
        script,
        scriptName: "test.js",
        env: Object.entries(env).map(([name, value]) => ({ name, value })),
      },
    },
  );
  return { id: createTestRun.id, runId: fromGlobalId(createTestRun.id, "TestRun", "id") };
}

/** Polls until `check` answers something, or throws `what` with `context()` after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  context: () => Promise<string> | string = () => "",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${await context()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Resolves with the run's end status once it ended and the coordinator released everything. */
export async function waitForRunEnd(
  pool: pg.Pool,
  runId: number,
  timeoutMs: number,
  context?: () => Promise<string> | string,
): Promise<{ status: RunStatus; reason: string | null }> {
  return eventually(
    `the end of run ${runId}`,
    async () => {
      const { rows } = await pool.query(
        `select t.status, t.status_reason, c.phase,
                (select count(*)::int from run_instances i where i.run_id = t.id and i.state <> 'RELEASED') as unreleased
           from test_runs t left join run_coordination c on c.run_id = t.id where t.id = $1`,
        [runId],
      );
      const row = rows[0];
      if (
        !row ||
        !isTerminal(row.status) ||
        row.unreleased > 0 ||
        (row.phase !== null && row.phase !== "done")
      )
        return undefined;
      return { status: row.status, reason: row.status_reason };
    },
    timeoutMs,
    context,
  );
}

/** Starts the platform with `options` on top of the e2e defaults (free GraphQL port, quiet log). */
export function startE2ePlatform(options: PlatformOptions, logs: string[]): Promise<Platform> {
  return startPlatform({ port: 0, log: (line) => logs.push(line), ...options });
}
