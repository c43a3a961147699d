/**
 * A platform to test agents against: a fresh database, the platform CA, a local object store and
 * the agent port, plus runs planned the way the pipeline plans them (script version, archive in the
 * object store, options as validated, instances with segments of one sequence).
 */
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AllocatedInstance, AllocationRequest, LoadZoneProvider } from "@barrage/providers";
import { type Logger, prepareTest } from "@barrage/runner";
import { runOnce, Logger as WorkerLogger } from "graphile-worker";
import type pg from "pg";
import { createDb } from "../db/database.js";
import { createTestDatabase, type TestDatabase } from "../db/test-database.test-helpers.js";
import { pipelineTaskList } from "../pipeline/index.js";
import { createRun } from "../runs/create-run.js";
import { transitionRun } from "../runs/status.js";
import { LocalDirectoryObjectStore, type ObjectStore } from "../storage/index.js";
import { seedOrganization } from "../test-fixtures.test-helpers.js";
import {
  type CertificateAuthority,
  createCertificateAuthority,
  loadCertificateAuthority,
} from "./ca/index.js";
import { type AgentServer, type AgentServerOptions, startAgentServer } from "./server/index.js";

/** A logger that keeps its lines, so tests stay quiet and can assert what was said. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`INFO ${m}`),
    warn: (m) => lines.push(`WARN ${m}`),
    error: (m) => lines.push(`ERROR ${m}`),
  };
}

/** The database, CA, object store and agent port of one test file. */
export interface TestAgentPort {
  db: TestDatabase;
  pool: pg.Pool;
  ca: CertificateAuthority;
  objectStore: ObjectStore;
  /** A scratch directory removed at `close`. */
  directory: string;
  server: AgentServer;
  logger: ReturnType<typeof recordingLogger>;
  close(): Promise<void>;
}

/** Starts a test database, a new platform CA, an object store in a temporary directory and the agent port on loopback. */
export async function startTestAgentPort(
  options: Partial<Omit<AgentServerOptions, "pool" | "ca" | "objectStore">> = {},
): Promise<TestAgentPort> {
  const db = await createTestDatabase();
  const directory = await mkdtemp(join(tmpdir(), "barrage-agent-port-"));
  const ca = await loadCertificateAuthority(
    await createCertificateAuthority({ commonName: "Test platform CA" }),
  );
  const objectStore = new LocalDirectoryObjectStore(join(directory, "objects"));
  const logger = recordingLogger();
  const server = await startAgentServer({
    pool: db.pool,
    ca,
    objectStore,
    host: "127.0.0.1",
    port: 0,
    logger,
    ...options,
  });
  return {
    db,
    pool: db.pool,
    ca,
    objectStore,
    directory,
    server,
    logger,
    close: async () => {
      await server.close();
      await db.drop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** A run as {@link createPlannedRun} left it: QUEUED, its instances REQUESTED. */
export interface PlannedRun {
  runId: number;
  instanceIds: number[];
  archiveSha256: string;
}

/** The segments of `n` equal shares: `0:1/4`, `1/4:2/4`, ... and their sequence `0,1/4,2/4,3/4,1`. */
function equalSegments(n: number): { sequence: string; segments: string[] } {
  const point = (k: number) => (k === 0 ? "0" : k === n ? "1" : `${k}/${n}`);
  const points = Array.from({ length: n + 1 }, (_, k) => point(k));
  return {
    sequence: points.join(","),
    segments: Array.from({ length: n }, (_, k) => `${point(k)}:${point(k + 1)}`),
  };
}

/**
 * Plans a run of `script` on `instances` agents in the local zone, as the pipeline would before
 * allocating: the script's options read by the runner (as the validate step does), its archive
 * stored content-addressed in the object store, `env` as the run's `__ENV`, the run QUEUED and one
 * REQUESTED instance per equal segment of one sequence.
 */
export async function createPlannedRun(
  port: Pick<TestAgentPort, "pool" | "objectStore" | "directory">,
  plan: { script: string; instances: number; env?: Record<string, string> },
): Promise<PlannedRun> {
  const { pool, objectStore } = port;
  const db = createDb(pool);
  const env = plan.env ?? {};
  const scriptDirectory = await mkdtemp(join(port.directory, "script-"));
  await writeFile(join(scriptDirectory, "test.js"), plan.script);
  const silent = { info: () => {}, warn: () => {}, error: () => {} };
  const prepared = await prepareTest({ scriptPath: join(scriptDirectory, "test.js"), env, logger: silent });
  const archive = Buffer.from(
    JSON.stringify({
      version: 1,
      entry: "test.js",
      files: { "test.js": Buffer.from(plan.script).toString("base64") },
      options: {},
    }),
  );
  const sha256 = createHash("sha256").update(archive).digest("hex");
  await objectStore.put(`archives/${sha256}`, archive);
  await pool.query(
    `insert into archives (sha256, size, storage_key) values ($1, $2, $3) on conflict (sha256) do nothing`,
    [sha256, archive.length, `archives/${sha256}`],
  );
  const organization = await seedOrganization(
    db,
    `org-${sha256.slice(0, 8)}-${Math.random().toString(36).slice(2, 8)}`,
  );
  const run = await createRun(db, {
    organizationId: organization.organizationId,
    projectId: organization.projectId,
    loadTestName: "distributed",
    script: plan.script,
  });
  await pool.query(`update script_versions set options = $2, archive_sha256 = $3 where id = $1`, [
    run.scriptVersionId,
    JSON.stringify({ thresholds: prepared.ctx.options.thresholds }),
    sha256,
  ]);
  await pool.query(`update test_runs set env = $2 where id = $1`, [run.id, JSON.stringify(env)]);
  await transitionRun(db, run.id, "VALIDATED", null);
  await transitionRun(db, run.id, "QUEUED", null);
  const { sequence, segments } = equalSegments(plan.instances);
  const { rows } = await pool.query<{ id: string }>(
    `insert into run_instances (run_id, load_zone_id, segment, sequence)
     select $1, (select id from load_zones where name = 'local' and organization_id is null), s, $2
       from unnest($3::text[]) with ordinality as t(s, n)
      order by n
     returning id`,
    [run.id, sequence, segments],
  );
  return { runId: run.id, instanceIds: rows.map((r) => Number(r.id)), archiveSha256: sha256 };
}

/**
 * Runs the pipeline's own allocate step for a QUEUED run, as its worker would, with `provider`
 * serving every zone: the run becomes INITIALIZING and its instances get their bootstrap tokens.
 * Agents dial `apiUrl` (default the agent port's own URL; a proxy in front of it, say).
 */
export async function allocateRun(
  port: Pick<TestAgentPort, "pool" | "objectStore" | "server" | "ca">,
  runId: number,
  provider: LoadZoneProvider,
  apiUrl: string = port.server.url,
): Promise<void> {
  await port.pool.query(
    `select graphile_worker.add_job('allocate', json_build_object('runId', $1::bigint), job_key := 'allocate:' || $1)`,
    [runId],
  );
  const errors: string[] = [];
  const allocate = pipelineTaskList({
    objectStore: port.objectStore,
    providerFor: () => provider,
    agentEndpoint: { apiUrl, caCertificatePem: port.ca.certificatePem },
  }).allocate;
  await runOnce({
    pgPool: port.pool,
    taskList: { allocate },
    noHandleSignals: true,
    logger: new WorkerLogger(() => (level, message) => {
      if (level === "error") errors.push(message);
    }),
  });
  const { rows } = await port.pool.query(`select status from test_runs where id = $1`, [runId]);
  if (rows[0]?.status !== "INITIALIZING")
    throw new Error(`allocating run ${runId} left it ${rows[0]?.status}: ${errors.join("; ")}`);
}

/** A provider that starts nothing and keeps what it was asked, tokens included, so that a test can play the agents. */
export class RecordingProvider implements LoadZoneProvider {
  readonly name = "local";
  readonly requests: AllocationRequest[] = [];
  readonly released: string[] = [];

  async allocate(request: AllocationRequest): Promise<AllocatedInstance[]> {
    this.requests.push(request);
    return request.instances.map((i) => ({ instanceId: i.instanceId, providerRef: `fake:${i.instanceId}` }));
  }

  async status() {
    return { state: "running" as const };
  }

  async release(providerRefs: readonly string[]): Promise<void> {
    this.released.push(...providerRefs);
  }

  async listZones() {
    return [{ name: "local", provider: this.name, description: "nothing runs" }];
  }

  /** The bootstrap token an instance was started with. */
  token(instanceId: number): string {
    const found = this.requests.flatMap((r) => r.instances).find((i) => i.instanceId === String(instanceId));
    if (!found) throw new Error(`instance ${instanceId} was not allocated`);
    return found.bootstrapToken;
  }
}

/** TLS material of a test client: the CA to trust and, once it has one, a client certificate. */
export interface ClientTls {
  ca: string;
  cert?: string;
  key?: string;
}

/** A request to the agent port as an agent makes it; answers the status and the parsed body (or the bytes). */
export function agentRequest(
  url: string,
  tls: ClientTls,
  route: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown>; bytes: Buffer }> {
  const [method, path] = route.split(" ");
  const text = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(path ?? "/", url),
      {
        method,
        ...tls,
        agent: false,
        headers: text === undefined ? {} : { "content-type": "application/json" },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const bytes = Buffer.concat(chunks);
          const json = res.headers["content-type"] === "application/json" ? JSON.parse(bytes.toString()) : {};
          resolve({ status: res.statusCode ?? 0, json, bytes });
        });
      },
    );
    req.on("error", reject);
    req.end(text);
  });
}
