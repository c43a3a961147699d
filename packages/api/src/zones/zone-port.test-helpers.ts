/**
 * An agent port serving the routes of private zones' agents, on a fresh database, plus what tests
 * need to play an agent of a zone (enrol with a key of their own) and to queue runs in a zone.
 */
import { X509Certificate } from "node:crypto";
import {
  agentRequest,
  allocateRun,
  type ClientTls,
  startTestAgentPort,
  type TestAgentPort,
} from "../agents/agent-port.test-helpers.js";
import { makeCsr } from "../agents/ca/ca.test-helpers.js";
import { type AgentServer, startAgentServer } from "../agents/server/index.js";
import { createDb, type Db } from "../db/database.js";
import { transitionRun } from "../runs/status.js";
import { type SeededOrganization, seedOrganization, seedRun } from "../test-fixtures.test-helpers.js";
import { startZoneAgentRoutes, type ZoneAgentRoutes } from "./agent-routes/index.js";
import { createPrivateLoadZone } from "./create-private-load-zone.js";
import { PrivateZoneProvider } from "./provider/private-provider.js";
import { findZoneAgent } from "./store/list-zone-agents.js";
import type { LoadZoneRecord } from "./store/zone-records.js";

/** The database, CA and an agent port with the zone routes, for one test file. */
export interface ZonePort extends TestAgentPort {
  db: TestAgentPort["db"];
  sql: Db;
  /** The agent port that serves the zone routes (and the run agents' routes too). */
  zoneServer: AgentServer;
  zoneRoutes: ZoneAgentRoutes;
  provider: PrivateZoneProvider;
}

/** Starts a {@link ZonePort}; `pollHoldMs` shortens the long polls. */
export async function startZonePort(options: { pollHoldMs?: number } = {}): Promise<ZonePort> {
  const port = await startTestAgentPort({ pollHoldMs: options.pollHoldMs ?? 1500 });
  const zoneRoutes = await startZoneAgentRoutes({ pool: port.pool, ca: port.ca, logger: port.logger });
  const zoneServer = await startAgentServer({
    pool: port.pool,
    ca: port.ca,
    objectStore: port.objectStore,
    host: "127.0.0.1",
    port: 0,
    logger: port.logger,
    pollHoldMs: options.pollHoldMs ?? 1500,
    extraRoutes: zoneRoutes.routes,
  });
  return {
    ...port,
    sql: createDb(port.pool),
    zoneServer,
    zoneRoutes,
    provider: new PrivateZoneProvider({ pool: port.pool }),
    close: async () => {
      await zoneServer.close();
      await zoneRoutes.close();
      await port.close();
    },
  };
}

/** An organization with a private zone and the zone's enrolment token. */
export interface SeededZone {
  organization: SeededOrganization;
  zone: LoadZoneRecord;
  token: string;
}

/** Seeds an organization `name` with a private zone `zone` (2 VUs per agent unless told). */
export async function seedZone(
  port: ZonePort,
  name: string,
  zone: string,
  vusPerAgent = 2,
): Promise<SeededZone> {
  const organization = await seedOrganization(port.sql, name);
  const created = await createPrivateLoadZone(port.sql, organization.organizationId, {
    name: zone,
    labels: [{ name: "site", value: "hq" }],
    vusPerAgent,
  });
  return { organization, zone: created.zone, token: created.enrolmentToken };
}

/** An enrolled agent as a test plays it: its TLS material and id. */
export interface TestZoneAgent {
  tls: ClientTls;
  agentId: number;
  certificate: X509Certificate;
}

/** Enrols a new agent with its own key; throws with the answer unless the platform accepts it. */
export async function enrolAgent(
  port: ZonePort,
  token: string,
  zone: string,
  extra: Record<string, unknown> = {},
): Promise<TestZoneAgent> {
  const { csrPem, privateKeyPem } = await makeCsr();
  const answer = await agentRequest(
    port.zoneServer.url,
    { ca: port.ca.certificatePem },
    "POST /agent/v1/zone/enrol",
    {
      token,
      csr: csrPem,
      zone,
      name: "test-machine",
      version: "0.1.0",
      ...extra,
    },
  );
  if (answer.status !== 200)
    throw new Error(`enrol answered ${answer.status}: ${JSON.stringify(answer.json)}`);
  const certificate = String(answer.json.certificate);
  return {
    tls: { ca: port.ca.certificatePem, cert: certificate, key: privateKeyPem },
    agentId: Number(answer.json.agentId),
    certificate: new X509Certificate(certificate),
  };
}

/**
 * A run of the organization with `instances` instances in `zone`, allocated by the pipeline's own
 * allocate step through the `private` provider: INITIALIZING, its jobs queued.
 */
export async function queueRun(
  port: ZonePort,
  seeded: SeededZone,
  instances: number,
): Promise<{ runId: number; instanceIds: number[] }> {
  const run = await seedRun(
    port.sql,
    seeded.organization,
    `zone-run-${Math.random().toString(36).slice(2, 8)}`,
  );
  await transitionRun(port.sql, run.id, "VALIDATED", null);
  await transitionRun(port.sql, run.id, "QUEUED", null);
  const { rows } = await port.pool.query<{ id: string }>(
    `insert into run_instances (run_id, load_zone_id, segment, sequence)
     select $1, $2, '0:1', '0,1' from generate_series(1, $3) returning id`,
    [run.id, seeded.zone.id, instances],
  );
  await allocateRun(port, run.id, port.provider);
  return { runId: run.id, instanceIds: rows.map((row) => Number(row.id)).sort((a, b) => a - b) };
}

/** The state of an agent as listings show it. */
export async function agentState(port: ZonePort, seeded: SeededZone, agentId: number): Promise<string> {
  return (await findZoneAgent(port.sql, seeded.organization.organizationId, agentId)).state;
}
