/**
 * End-to-end: the example scripts of `scripts/insights/` run as real cloud runs on the one-process
 * platform (`barrage cloud`, a local agent, metrics in PostgreSQL) against the example target, and
 * each one must make the platform find the insight it was written to provoke, while the healthy
 * one provokes none about the load, the failures or the script. Runs one after the other, 1 to
 * 20 s each (about 2.7 minutes in all on 2 cores).
 *
 * Needs the CLI and the platform built (`npm run build`) and a PostgreSQL server: DATABASE_URL's,
 * default the machine's (postgres://root@127.0.0.1:5432), on which a throw-away database is made.
 */
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  computeRunInsights,
  connectDatabase,
  type DatabaseConnection,
  type Platform,
  startPlatform,
} from "@barrage/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliNotReady, outputOf, spawnBarrage } from "./barrage-cli.js";
import { startTarget, type Target } from "./target/server.js";

const SCRIPTS_DIR = fileURLToPath(new URL("./scripts/insights/", import.meta.url));
const RUN_TIMEOUT_MS = 90_000;
const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://root@127.0.0.1:5432/postgres";

/** The insight sets a healthy run must stay clear of (load generator health depends on the machine). */
const LOAD_FAILURE_AND_SCRIPT = /^(http_load|best_practice)_/;

let stateDir: string;
let databaseUrl: string;
let database: DatabaseConnection;
let platform: Platform;
let target: Target;
let token: string;

/** Runs `action` with a pool on PostgreSQL's maintenance database. */
async function asAdmin(action: (connection: DatabaseConnection) => Promise<unknown>): Promise<void> {
  const admin = await connectDatabase({ databaseUrl: ADMIN_URL, stateDir, log: () => {}, maxConnections: 1 });
  try {
    await action(admin);
  } finally {
    await admin.close();
  }
}

beforeAll(async () => {
  const notReady = cliNotReady();
  if (notReady) throw new Error(notReady);
  stateDir = mkdtempSync(join(tmpdir(), "barrage-insights-"));
  const name = `barrage_insights_${randomBytes(6).toString("hex")}`;
  await asAdmin((admin) => admin.pool.query(`create database ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
  platform = await startPlatform({ databaseUrl, stateDir, port: 0, agentPort: 0, log: () => {} });
  token = await platform.createApiToken("insights examples", ["WRITE"]);
  database = await connectDatabase({ databaseUrl, stateDir, log: () => {}, maxConnections: 4 });
  target = await startTarget();
}, 60_000);

afterAll(async () => {
  await target?.close();
  await database?.close();
  await platform?.close();
  if (databaseUrl) {
    const name = new URL(databaseUrl).pathname.slice(1);
    await asAdmin((admin) => admin.pool.query(`drop database if exists ${name} with (force)`));
  }
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

/** Runs a `barrage` command against the platform with the test's token; resolves with its output. */
async function barrage(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnBarrage(args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, BARRAGE_API: platform.url, BARRAGE_TOKEN: token, XDG_CONFIG_HOME: stateDir },
  });
  return outputOf(child);
}

/** A finished cloud run: its id as the CLI shows it, and as the database knows it. */
interface CloudRun {
  id: string;
  runId: number;
  stdout: string;
}

/** `barrage cloud -e BASE_URL=<target> [-e K=V...] scripts/insights/<name>`, which must end FINISHED. */
async function cloudRun(name: string, env: Record<string, string> = {}): Promise<CloudRun> {
  const envArgs = Object.entries({ BASE_URL: target.url, ...env }).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
  const { code, stdout, stderr } = await barrage(["cloud", ...envArgs, join(SCRIPTS_DIR, name)]);
  expect(code, `barrage cloud ${name} failed:\n${stdout}\n${stderr}`).toBe(0);
  expect(stdout).toContain("test status: FINISHED");
  const id = /^\s+run: (\S+)$/m.exec(stdout)?.[1];
  if (!id) throw new Error(`${name}: no run id in the output:\n${stdout}`);
  const runId = Number(/^TestRun:(\d+)$/.exec(Buffer.from(id, "base64url").toString())?.[1]);
  return { id, runId, stdout };
}

/**
 * The final round of insights of a run, as the platform stores them once the run has ended (the
 * round is idempotent: computed again here even where the platform already did).
 */
async function finalInsights(run: CloudRun) {
  const round = await computeRunInsights(database.pool, run.runId, "final");
  expect(round.saved).toBe(true);
  return round.insights;
}

const ids = (insights: { id: string }[]) => insights.map((i) => i.id);

/**
 * Creates the private load zone `zone`, runs `action` while one `barrage agent` process (with
 * `agentArgs`) serves it on this machine, then stops the agent.
 */
async function withPrivateAgent(
  zone: string,
  agentArgs: string[],
  action: () => Promise<void>,
): Promise<void> {
  const admin = await platform.createApiToken(`insights examples: ${zone}`, ["ADMIN"]);
  const graphql = async (query: string) => {
    const response = await fetch(platform.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${admin}` },
      body: JSON.stringify({ query }),
    });
    const answer = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
    if (!answer.data) throw new Error(JSON.stringify(answer.errors));
    return answer.data;
  };
  const created = await graphql(
    `mutation { createPrivateLoadZone(input: {name: "${zone}", vusPerAgent: 10}) { enrolmentToken } }`,
  );
  const { enrolmentToken } = created.createPrivateLoadZone as { enrolmentToken: string };
  const agent = spawnBarrage(
    ["agent", "--zone", zone, "--api", platform.agentUrl, "--name", zone, ...agentArgs],
    {
      stdio: "ignore",
      env: { ...process.env, BARRAGE_ENROLMENT_TOKEN: enrolmentToken },
    },
  );
  try {
    const agents = async () =>
      JSON.stringify(
        ((await graphql("{ loadZones { name agents { state } } }")).loadZones as { name: string }[]).find(
          (z) => z.name === zone,
        ),
      );
    await expect.poll(agents, { timeout: 20_000 }).toContain('"IDLE"');
    await action();
  } finally {
    agent.kill("SIGTERM");
    await once(agent, "exit");
  }
}

describe("the insight examples on the one-process platform", () => {
  it("every script in scripts/insights opens with what it shows, Run: and Expect:", () => {
    for (const file of readdirSync(SCRIPTS_DIR).filter((f) => f.endsWith(".js"))) {
      const header = readFileSync(join(SCRIPTS_DIR, file), "utf8").split("\nimport ")[0] ?? "";
      expect(header, file).toMatch(/^\/\/ .+/);
      expect(header, file).toContain(
        `// Run:    barrage cloud -e BASE_URL=http://127.0.0.1:PORT examples/scripts/insights/${file}`,
      );
      expect(header, file).toContain("// Expect: ");
    }
  });

  let healthy: CloudRun;

  it(
    "healthy.js: nothing about the load, the failures or the script",
    async () => {
      healthy = await cloudRun("healthy.js");
      const insights = await finalInsights(healthy);
      expect(insights.filter((i) => LOAD_FAILURE_AND_SCRIPT.test(i.id))).toEqual([]);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "healthy.js again, slower, against the first run as baseline: a latency regression, and barrage runs compare marks it",
    async () => {
      const answer = await fetch(platform.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: "mutation ($id: ID!) { setBaseline(runId: $id) { id } }",
          variables: { id: healthy.id },
        }),
      });
      expect(((await answer.json()) as { errors?: unknown }).errors).toBeUndefined();
      const slower = await cloudRun("healthy.js", { MEDIAN_MS: "20", DURATION: "8s" });
      const regression = (await finalInsights(slower)).find((i) => i.id === "http_load_latency_regression");
      expect(regression).toMatchObject({ severity: "critical", values: { baselineRunId: healthy.id } });
      const compare = await barrage(["runs", "compare", slower.id, healthy.id]);
      expect(compare.code, compare.stderr).toBe(0);
      expect(compare.stdout).toContain(`run ${slower.id} against base run ${healthy.id}`);
      expect(compare.stdout).toMatch(/^ {2}p95 +\(all\) .*\*$/m);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "throughput-limit.js: a throughput limit near 5 VUs, and response time that grows with the load",
    async () => {
      const insights = await finalInsights(await cloudRun("throughput-limit.js"));
      expect(ids(insights)).toEqual(
        expect.arrayContaining(["http_load_throughput_limit", "http_load_response_time_grows_with_load"]),
      );
      const limit = insights.find((i) => i.id === "http_load_throughput_limit");
      expect(limit?.values?.kneeVus).toBeGreaterThanOrEqual(3);
      expect(limit?.values?.kneeVus).toBeLessThanOrEqual(10);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "increased-failure-rate.js: an increased HTTP failure rate after the start",
    async () => {
      const insights = await finalInsights(await cloudRun("increased-failure-rate.js"));
      expect(ids(insights)).toContain("http_load_increased_http_failure_rate");
      expect(ids(insights)).not.toContain("http_load_high_http_failure_rate");
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "high-failure-rate.js: a high HTTP failure rate from the start, in a test too short",
    async () => {
      const run = await cloudRun("high-failure-rate.js");
      // The platform judged the run before it ended, so barrage cloud printed the insight.
      expect(run.stdout).toMatch(/High HTTP failure rate/i);
      const insights = await finalInsights(run);
      expect(ids(insights)).toEqual(
        expect.arrayContaining(["http_load_high_http_failure_rate", "best_practice_duration_too_short"]),
      );
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "error-burst.js: an error burst on checkout, mostly 503s",
    async () => {
      const insights = await finalInsights(await cloudRun("error-burst.js"));
      const burst = insights.find((i) => i.id === "http_load_error_burst");
      expect(burst).toMatchObject({ metric: "http_req_failed", filter: { name: "checkout" } });
      expect(burst?.explanation).toContain("status 503");
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "third-party-content.js: requests to seven companies' domains",
    async () => {
      const insights = await finalInsights(await cloudRun("third-party-content.js"));
      const thirdParty = insights.find((i) => i.id === "best_practice_third_party_content");
      expect(thirdParty?.title).toMatch(/7 different domains/);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "uneven-zone.js: the office zone, a barrage agent on this machine, much slower than local",
    async () => {
      await withPrivateAgent("office", [], async () => {
        const insights = await finalInsights(await cloudRun("uneven-zone.js"));
        const uneven = insights.find((i) => i.id === "http_load_uneven_zone");
        expect(uneven?.title).toMatch(/office/);
      });
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "memory-hungry.js: an agent given 300 MB holds a 260 MB buffer",
    async () => {
      await withPrivateAgent("lab", ["--memory-limit", "300MB"], async () => {
        const insights = await finalInsights(await cloudRun("memory-hungry.js"));
        expect(ids(insights)).toContain("health_high_loadgen_mem_usage");
      });
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "too-many-urls.js: too many URLs, and not enough training data",
    async () => {
      const insights = await finalInsights(await cloudRun("too-many-urls.js"));
      expect(ids(insights)).toEqual(
        expect.arrayContaining(["best_practice_too_many_urls", "best_practice_not_enough_training_data"]),
      );
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "too-many-groups-and-metrics.js: too many groups and too many metrics",
    async () => {
      const insights = await finalInsights(await cloudRun("too-many-groups-and-metrics.js"));
      expect(ids(insights)).toEqual(
        expect.arrayContaining(["best_practice_too_many_groups", "best_practice_too_many_metrics"]),
      );
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "too-many-time-series.js: too many time series",
    async () => {
      const insights = await finalInsights(await cloudRun("too-many-time-series.js"));
      expect(ids(insights)).toContain("best_practice_too_many_time_series");
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "not-enough-data.js: not enough training data",
    async () => {
      const insights = await finalInsights(await cloudRun("not-enough-data.js"));
      expect(ids(insights)).toContain("best_practice_not_enough_training_data");
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "overloaded-load-generator.js: high load generator CPU, linked to the agent's gauge",
    async () => {
      const insights = await finalInsights(await cloudRun("overloaded-load-generator.js"));
      const cpu = insights.find((i) => i.id === "health_high_loadgen_cpu_usage");
      expect(cpu).toMatchObject({ metric: "barrage_agent_cpu", filter: { load_zone: "local" } });
      expect(cpu?.filter?.instance_id).toMatch(/^\d+$/);
    },
    RUN_TIMEOUT_MS,
  );
});
