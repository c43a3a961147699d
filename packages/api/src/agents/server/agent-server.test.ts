import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/database.js";
import { toGlobalId } from "../../graphql/global-id.js";
import { batch, counterPoint } from "../../metrics/batches.test-helpers.js";
import {
  agentRequest,
  allocateRun,
  type ClientTls,
  createPlannedRun,
  type PlannedRun,
  RecordingProvider,
  startTestAgentPort,
  type TestAgentPort,
} from "../agent-port.test-helpers.js";
import { makeCsr } from "../ca/ca.test-helpers.js";
import { signAgentCsr } from "../ca/index.js";
import { issueCommands } from "../commands/index.js";

const SCRIPT = `export const options = { vus: 1, iterations: 1 };
export default async function () {}`;

let port: TestAgentPort;
const provider = new RecordingProvider();
let runA: PlannedRun;
let runB: PlannedRun;

beforeAll(async () => {
  port = await startTestAgentPort({ pollHoldMs: 1500 });
  runA = await createPlannedRun(port, {
    script: SCRIPT,
    instances: 2,
    env: { TARGET: "http://127.0.0.1:9" },
  });
  runB = await createPlannedRun(port, { script: SCRIPT, instances: 1 });
  for (const run of [runA, runB]) await allocateRun(port, run.runId, provider);
});

afterAll(() => port.close());

/** Calls home as the agent of an instance with a fresh key; answers the TLS material of that agent. */
async function callHome(instanceId: number): Promise<ClientTls> {
  const { csrPem, privateKeyPem } = await makeCsr();
  const answer = await agentRequest(
    port.server.url,
    { ca: port.ca.certificatePem },
    "POST /agent/v1/call-home",
    {
      token: provider.token(instanceId),
      csr: csrPem,
    },
  );
  expect(answer.status).toBe(200);
  return { ca: port.ca.certificatePem, cert: String(answer.json.certificate), key: privateKeyPem };
}

async function instanceRow(instanceId: number) {
  const { rows } = await port.pool.query(
    `select state, cert_serial, last_heartbeat_at, detail from run_instances where id = $1`,
    [instanceId],
  );
  return rows[0];
}

describe("the agent port", () => {
  let agentA: ClientTls;
  const [a1, a2] = [() => runA.instanceIds[0] as number, () => runA.instanceIds[1] as number];

  it("trades a bootstrap token once for a certificate bound to the run, zone and instance", async () => {
    const tls = { ca: port.ca.certificatePem };
    const token = provider.token(a1());
    expect(token.length).toBeGreaterThanOrEqual(40);
    const refused = await agentRequest(port.server.url, tls, "POST /agent/v1/call-home", {
      token,
      csr: "not a CSR",
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatch(/PKCS#10/);
    expect((await instanceRow(a1())).state).toBe("STARTING");

    const { csrPem } = await makeCsr();
    const answer = await agentRequest(port.server.url, tls, "POST /agent/v1/call-home", {
      token,
      csr: csrPem,
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      runId: String(runA.runId),
      instanceId: String(a1()),
      zone: "local",
      caCertificate: port.ca.certificatePem,
    });
    const row = await instanceRow(a1());
    expect(row.state).toBe("CALLED_HOME");
    expect(row.cert_serial).toMatch(/^[0-9a-f]+$/);

    const again = await agentRequest(port.server.url, tls, "POST /agent/v1/call-home", {
      token,
      csr: csrPem,
    });
    expect(again).toMatchObject({ status: 401, json: { error: expect.stringMatching(/already used/) } });
    const unknown = await agentRequest(port.server.url, tls, "POST /agent/v1/call-home", {
      token: "guess",
      csr: csrPem,
    });
    expect(unknown).toMatchObject({ status: 401, json: { error: "unknown bootstrap token" } });
    // The token never reaches the log.
    expect(port.logger.lines.join("\n")).not.toContain(token);
  });

  it("gives the assignment and the archive to the certificate's instance only", async () => {
    agentA = await callHome(a2());
    const assignment = await agentRequest(port.server.url, agentA, "GET /agent/v1/assignment");
    expect(assignment).toMatchObject({
      status: 200,
      json: {
        runId: String(runA.runId),
        instanceId: String(a2()),
        zone: "local",
        segment: "1/2:1",
        sequence: "0,1/2,1",
        archiveSha256: runA.archiveSha256,
        // The run's env, and k6 Cloud's execution context: the second instance of the run is 1.
        env: {
          TARGET: "http://127.0.0.1:9",
          K6_CLOUDRUN_LOAD_ZONE: "local",
          K6_CLOUDRUN_INSTANCE_ID: "1",
          K6_CLOUDRUN_TEST_RUN_ID: toGlobalId("TestRun", runA.runId),
        },
        aggregationPeriodMs: 1000,
      },
    });
    const archive = await agentRequest(port.server.url, agentA, "GET /agent/v1/archive");
    expect(archive.status).toBe(200);
    expect(archive.bytes.equals(await port.objectStore.get(`archives/${runA.archiveSha256}`))).toBe(true);

    const anonymous = await agentRequest(
      port.server.url,
      { ca: port.ca.certificatePem },
      "GET /agent/v1/assignment",
    );
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.error).toMatch(/client certificate/);
  });

  it("refuses a certificate bound to another run, or one the instance no longer holds (403)", async () => {
    const { csrPem, privateKeyPem } = await makeCsr();
    const sign = (runId: number) =>
      signAgentCsr(port.ca, csrPem, { runId: String(runId), zone: "local", instanceId: String(a2()) });
    const otherRun = { ca: port.ca.certificatePem, cert: await sign(runB.runId), key: privateKeyPem };
    for (const route of ["GET /agent/v1/assignment", "POST /agent/v1/heartbeat"]) {
      const body = route.startsWith("POST") ? { cpuPercent: 1, memoryBytes: 1 } : undefined;
      const answer = await agentRequest(port.server.url, otherRun, route, body);
      expect(answer.status).toBe(403);
      expect(answer.json.error).toContain(`is of run ${runA.runId}`);
    }
    const secondCertificate = {
      ca: port.ca.certificatePem,
      cert: await sign(runA.runId),
      key: privateKeyPem,
    };
    const revoked = await agentRequest(port.server.url, secondCertificate, "GET /agent/v1/assignment");
    expect(revoked).toMatchObject({ status: 403, json: { error: expect.stringMatching(/revoked/) } });
  });

  it("stores metric batches once per seq, accepts a gap and the late batch that fills it, refuses a malformed one", async () => {
    const end = Date.now() - 5000;
    const post = (seq: number, sum = 1) =>
      agentRequest(
        port.server.url,
        agentA,
        "POST /agent/v1/metrics",
        batch(seq, end + seq * 1000, [counterPoint("iterations", { scenario: "default" }, sum)]),
      );
    expect((await post(1)).json).toEqual({ accepted: true, duplicate: false });
    expect((await post(1)).json).toEqual({ accepted: true, duplicate: true });
    expect((await post(3)).json).toEqual({ accepted: true, duplicate: false });
    expect((await post(2)).json).toEqual({ accepted: true, duplicate: false });
    const { rows } = await port.pool.query(
      `select array_agg(seq order by seq) as seqs from metric_batches where instance_id = $1`,
      [a2()],
    );
    expect(rows[0].seqs.map(Number)).toEqual([1, 2, 3]);
    const { rows: sums } = await port.pool.query(
      `select sum(p.counter_sum)::float8 as total from metric_points p join metric_series s on s.id = p.series_id
        where s.run_id = $1 and s.metric = 'iterations'`,
      [runA.runId],
    );
    expect(sums[0].total).toBe(3);

    const malformed = await agentRequest(port.server.url, agentA, "POST /agent/v1/metrics", {
      ...batch(4, end, []),
      seq: 0,
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json).toMatchObject({
      error: expect.stringMatching(/metric batch rejected/),
      field: "seq",
    });
  });

  it("answers 400 to a body that is not JSON and 413 to one over the route's limit", async () => {
    const notJson = await agentRequest(port.server.url, agentA, "POST /agent/v1/state", "{state: ready");
    expect(notJson).toMatchObject({ status: 400, json: { error: expect.stringMatching(/not JSON/) } });
    const huge = await agentRequest(port.server.url, agentA, "POST /agent/v1/heartbeat", {
      cpuPercent: 1,
      memoryBytes: 1,
      padding: "x".repeat(10_000),
    });
    expect(huge.status).toBe(413);
    const wrongState = await agentRequest(port.server.url, agentA, "POST /agent/v1/state", {
      state: "sleeping",
    });
    expect(wrongState.status).toBe(400);
  });

  it("records heartbeats and state reports", async () => {
    await port.pool.query(
      `update run_instances set last_heartbeat_at = now() - interval '1 minute' where id = $1`,
      [a2()],
    );
    const beat = await agentRequest(port.server.url, agentA, "POST /agent/v1/heartbeat", {
      cpuPercent: 12.5,
      memoryBytes: 1e8,
    });
    expect(beat.status).toBe(200);
    const state = await agentRequest(port.server.url, agentA, "POST /agent/v1/state", {
      state: "ready",
      vus: 3,
    });
    expect(state.status).toBe(200);
    const row = await instanceRow(a2());
    expect(Date.now() - row.last_heartbeat_at.getTime()).toBeLessThan(5000);
    expect(row.state).toBe("READY");
    expect(row.detail).toMatchObject({
      heartbeat: { cpuPercent: 12.5, memoryBytes: 1e8 },
      lastReport: { state: "ready", vus: 3, atMs: expect.any(Number) },
    });
    expect(row.detail.ended).toBeUndefined();
  });

  it("holds a command poll until a command is queued, and delivers the commands after the seq asked", async () => {
    const db = createDb(port.pool);
    const started = Date.now();
    const poll = agentRequest(port.server.url, agentA, "GET /agent/v1/commands?after=0");
    await new Promise((resolve) => setTimeout(resolve, 200));
    await db.transaction((tx) =>
      issueCommands(tx, runA.runId, [
        { instanceId: a2(), command: { type: "run-setup" } },
        { instanceId: a2(), command: { type: "start", atEpochMs: 1234 } },
      ]),
    );
    const answer = await poll;
    expect(Date.now() - started).toBeLessThan(1400);
    expect(answer.json).toEqual({
      commands: [
        { seq: 1, type: "run-setup" },
        { seq: 2, type: "start", atEpochMs: 1234 },
      ],
    });
    const later = await agentRequest(port.server.url, agentA, "GET /agent/v1/commands?after=1");
    expect(later.json).toEqual({ commands: [{ seq: 2, type: "start", atEpochMs: 1234 }] });
    const idle = Date.now();
    const empty = await agentRequest(port.server.url, agentA, "GET /agent/v1/commands?after=2");
    expect(empty.json).toEqual({ commands: [] });
    expect(Date.now() - idle).toBeGreaterThanOrEqual(1400);
    await expect(
      db.transaction((tx) =>
        issueCommands(tx, runB.runId, [{ instanceId: a2(), command: { type: "run-setup" } }]),
      ),
    ).rejects.toThrow(/not instances of run/);
  });

  it("takes a setup result only from the instance asked for it", async () => {
    const refused = await agentRequest(port.server.url, agentA, "POST /agent/v1/setup-result", {
      data: { x: 1 },
    });
    expect(refused.status).toBe(409);
    await port.pool.query(
      `insert into run_coordination (run_id, ready_deadline, setup_instance_id) values ($1, now(), $2)`,
      [runA.runId, a2()],
    );
    const stored = await agentRequest(port.server.url, agentA, "POST /agent/v1/setup-result", {
      data: { x: 1 },
    });
    expect(stored.status).toBe(200);
    const resent = await agentRequest(port.server.url, agentA, "POST /agent/v1/setup-result", {
      data: { x: 2 },
    });
    expect(resent.status).toBe(200);
    const { rows } = await port.pool.query(`select setup_result from run_coordination where run_id = $1`, [
      runA.runId,
    ]);
    expect(rows[0].setup_result).toEqual({ data: { x: 1 } });
  });

  it("refuses every request of a released instance", async () => {
    await port.pool.query(`update run_instances set state = 'RELEASED' where id = $1`, [a2()]);
    const answer = await agentRequest(port.server.url, agentA, "GET /agent/v1/commands?after=2");
    expect(answer).toMatchObject({ status: 403, json: { error: expect.stringMatching(/released/) } });
  });
});
