import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentRequest } from "../agents/agent-port.test-helpers.js";
import { makeCsr } from "../agents/ca/ca.test-helpers.js";
import * as x509 from "../agents/ca/x509.js";
import { caFingerprint } from "./enrolment-token.js";
import { issueEnrolmentToken } from "./store/issue-enrolment-token.js";
import { revokeEnrolmentToken } from "./store/revoke-enrolment-token.js";
import { revokeZoneAgent } from "./store/revoke-zone-agent.js";
import {
  agentState,
  enrolAgent,
  queueRun,
  type SeededZone,
  seedZone,
  startZonePort,
  type TestZoneAgent,
  type ZonePort,
} from "./zone-port.test-helpers.js";

let port: ZonePort;
let office: SeededZone;

beforeAll(async () => {
  port = await startZonePort({ pollHoldMs: 1500 });
  office = await seedZone(port, "acme", "office");
});
afterAll(() => port?.close());

const url = () => port.zoneServer.url;
const anonymous = () => ({ ca: port.ca.certificatePem });

async function runRow(runId: number) {
  const { rows } = await port.pool.query(`select status, status_reason from test_runs where id = $1`, [
    runId,
  ]);
  return rows[0];
}

describe("enrolment", () => {
  it("serves the CA certificate whose SHA-256 the enrolment token pins", async () => {
    const answer = await agentRequest(url(), anonymous(), "GET /agent/v1/ca-certificate");
    expect(answer.json.caCertificate).toBe(port.ca.certificatePem);
    expect(office.token).toMatch(/^brz_[A-Za-z0-9_-]{43}\.[0-9a-f]{64}$/);
    expect(office.token.split(".")[1]).toBe(caFingerprint(port.ca.certificatePem));
  });

  it("refuses tokens that are malformed, unknown, or of another zone, and records no agent", async () => {
    const { csrPem } = await makeCsr();
    const body = { csr: csrPem, zone: "office", name: "m", version: "1" };
    const enrol = (extra: Record<string, unknown>) =>
      agentRequest(url(), anonymous(), "POST /agent/v1/zone/enrol", { ...body, ...extra });
    expect(await enrol({ token: "brg_not-a-zone-token" })).toMatchObject({
      status: 401,
      json: { error: expect.stringMatching(/not an enrolment token/) },
    });
    expect(await enrol({ token: `brz_${"A".repeat(43)}` })).toMatchObject({
      status: 401,
      json: { error: "unknown or revoked enrolment token" },
    });
    expect(await enrol({ token: office.token, zone: "lab" })).toMatchObject({
      status: 403,
      json: { error: expect.stringMatching(/this enrolment token is for private zone "office", not "lab"/) },
    });
    expect(await enrol({ token: office.token, csr: "not a CSR" })).toMatchObject({ status: 400 });
    const { rows } = await port.pool.query(`select count(*)::int as n from zone_agents`);
    expect(rows[0].n).toBe(0);
    expect(port.logger.lines.join("\n")).not.toContain(office.token);
  });

  it("gives a certificate for the agent's own key, bound to the organization, zone and agent", async () => {
    const { csrPem, privateKeyPem } = await makeCsr();
    const csrKey = new x509.Pkcs10CertificateRequest(csrPem).publicKey.rawData;
    const answer = await agentRequest(url(), anonymous(), "POST /agent/v1/zone/enrol", {
      token: office.token,
      csr: csrPem,
      zone: "office",
      name: "build-box",
      version: "0.1.0",
      capacityVus: 5,
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      zone: "office",
      organizationId: String(office.organization.organizationId),
      vusPerAgent: 2,
      capacityVus: 5,
      heartbeatIntervalMs: 5000,
      caCertificate: port.ca.certificatePem,
    });
    const certificate = new x509.X509Certificate(String(answer.json.certificate));
    expect(certificate.subject).toBe(`CN=zone-agent:${answer.json.agentId}`);
    expect(certificate.getExtension(x509.SubjectAlternativeNameExtension)?.names.toJSON()).toEqual([
      {
        type: "url",
        value: `barrage://org/${office.organization.organizationId}/zone/${office.zone.id}/agent/${answer.json.agentId}`,
      },
    ]);
    expect(Buffer.from(certificate.publicKey.rawData)).toEqual(Buffer.from(csrKey));
    const agentId = Number(answer.json.agentId);
    expect(await agentState(port, office, agentId)).toBe("IDLE");
    // Stopped, so that it does not count as idle in the tests below.
    const tls = { ca: port.ca.certificatePem, cert: String(answer.json.certificate), key: privateKeyPem };
    expect((await agentRequest(url(), tls, "POST /agent/v1/zone/goodbye", {})).status).toBe(200);
    expect(await agentState(port, office, agentId)).toBe("OFFLINE");
  });
});

describe("an enrolled agent", () => {
  let agent: TestZoneAgent;
  beforeAll(async () => {
    agent = await enrolAgent(port, office.token, "office");
  });

  it("beats, and is refused on the routes of runs: its certificate is of another kind", async () => {
    const beat = await agentRequest(url(), agent.tls, "POST /agent/v1/zone/heartbeat", {
      version: "0.2.0",
      capacityVus: 2,
    });
    expect(beat).toMatchObject({ status: 200, json: { cancel: [] } });
    const { rows } = await port.pool.query(`select version from zone_agents where id = $1`, [agent.agentId]);
    expect(rows[0].version).toBe("0.2.0");
    const asRunAgent = await agentRequest(url(), agent.tls, "GET /agent/v1/assignment");
    expect(asRunAgent.status).toBe(403);
    expect(asRunAgent.json.error).toMatch(/not an agent certificate/);
    const noCertificate = await agentRequest(url(), anonymous(), "GET /agent/v1/zone/work");
    expect(noCertificate.status).toBe(401);
  });

  it("waits out the hold when there is no work", async () => {
    const started = Date.now();
    const answer = await agentRequest(url(), agent.tls, "GET /agent/v1/zone/work");
    expect(answer).toMatchObject({ status: 200, json: { job: null } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
  });

  it("takes queued work through a held poll, one instance at a time; the run says what it waits for", async () => {
    const poll = agentRequest(url(), agent.tls, "GET /agent/v1/zone/work");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    const run = await queueRun(port, office, 2);
    const answer = await poll;
    expect(Date.now() - started).toBeLessThan(1000);
    const job = answer.json.job as Record<string, string>;
    expect(job).toMatchObject({ runId: String(run.runId), instanceId: String(run.instanceIds[0]) });
    expect(job.bootstrapToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await agentState(port, office, agent.agentId)).toBe("BUSY");
    expect(await runRow(run.runId)).toEqual({
      status: "INITIALIZING",
      status_reason: 'waiting for 1 more agent in private zone "office" (1 online, 0 idle)',
    });
    const { rows } = await port.pool.query(
      `select id, detail from run_instances where run_id = $1 order by id`,
      [run.runId],
    );
    expect(rows[0].detail?.waiting).toBeUndefined();
    expect(rows[1].detail.waiting).toBe(
      'private zone "office" lacked agents: no idle agent took this instance',
    );

    // A busy agent asking again (its answer was lost) gets the same job until it calls home.
    const again = await agentRequest(url(), agent.tls, "GET /agent/v1/zone/work");
    expect(again.json.job).toEqual(job);

    // Calling home with the token is the per-run flow every agent follows.
    const { csrPem } = await makeCsr();
    const callHome = await agentRequest(url(), anonymous(), "POST /agent/v1/call-home", {
      token: job.bootstrapToken,
      csr: csrPem,
    });
    expect(callHome).toMatchObject({ status: 200, json: { instanceId: job.instanceId, zone: "office" } });

    // Released by the platform: the agent hears it from its next heartbeat, and is idle once it asks for work.
    await port.provider.release([`private:${job.instanceId}`]);
    const beat = await agentRequest(url(), agent.tls, "POST /agent/v1/zone/heartbeat", {
      version: "0.1.0",
      capacityVus: 2,
    });
    expect(beat.json).toEqual({ cancel: [job.instanceId] });
    expect(await port.provider.status(`private:${job.instanceId}`)).toMatchObject({ state: "exited" });
    expect(await port.provider.status(`private:${run.instanceIds[1]}`)).toEqual({ state: "running" });
    await port.provider.release([`private:${run.instanceIds[1]}`]);
    const idle = await agentRequest(url(), agent.tls, "GET /agent/v1/zone/work");
    expect(idle.json).toEqual({ job: null });
    expect(await agentState(port, office, agent.agentId)).toBe("IDLE");
  });

  it("renews its certificate for a new key; the old one is refused from then on", async () => {
    const { csrPem, privateKeyPem } = await makeCsr();
    const answer = await agentRequest(url(), agent.tls, "POST /agent/v1/zone/renew", { csr: csrPem });
    expect(answer.status).toBe(200);
    const renewed = { ca: port.ca.certificatePem, cert: String(answer.json.certificate), key: privateKeyPem };
    const body = { version: "0.1.0", capacityVus: 2 };
    expect((await agentRequest(url(), renewed, "POST /agent/v1/zone/heartbeat", body)).status).toBe(200);
    const old = await agentRequest(url(), agent.tls, "POST /agent/v1/zone/heartbeat", body);
    expect(old).toMatchObject({
      status: 403,
      json: { error: expect.stringMatching(/replaced by a newer one/) },
    });
    agent = { ...agent, tls: renewed };
  });

  it("is OFFLINE after saying goodbye or missing its heartbeats, and back once it speaks", async () => {
    const body = { version: "0.1.0", capacityVus: 2 };
    expect((await agentRequest(url(), agent.tls, "POST /agent/v1/zone/goodbye", {})).status).toBe(200);
    expect(await agentState(port, office, agent.agentId)).toBe("OFFLINE");
    await agentRequest(url(), agent.tls, "POST /agent/v1/zone/heartbeat", body);
    expect(await agentState(port, office, agent.agentId)).toBe("IDLE");
    await port.pool.query(
      `update zone_agents set last_seen_at = now() - interval '16 seconds' where id = $1`,
      [agent.agentId],
    );
    expect(await agentState(port, office, agent.agentId)).toBe("OFFLINE");
    await agentRequest(url(), agent.tls, "POST /agent/v1/zone/heartbeat", body);
    expect(await agentState(port, office, agent.agentId)).toBe("IDLE");
  });
});

describe("revocation", () => {
  it("refuses a revoked agent at once, even its held poll, and hands its unstarted work to another agent", async () => {
    const lab = await seedZone(port, "lab-org", "lab");
    const revoked = await enrolAgent(port, lab.token, "lab");
    const run = await queueRun(port, lab, 2);
    const first = await agentRequest(url(), revoked.tls, "GET /agent/v1/zone/work");
    const second = await agentRequest(url(), revoked.tls, "GET /agent/v1/zone/work");
    expect(second.json.job).toEqual(first.json.job);
    const started = first.json.job as Record<string, string>;
    // It starts the first instance; the second it took later is never started.
    const { csrPem, privateKeyPem } = await makeCsr();
    const callHome = await agentRequest(url(), anonymous(), "POST /agent/v1/call-home", {
      token: started.bootstrapToken,
      csr: csrPem,
    });
    const runCertificate = {
      ca: port.ca.certificatePem,
      cert: String(callHome.json.certificate),
      key: privateKeyPem,
    };
    expect((await agentRequest(url(), runCertificate, "GET /agent/v1/assignment")).status).toBe(409);
    const next = await agentRequest(url(), revoked.tls, "GET /agent/v1/zone/work");
    const unstarted = next.json.job as Record<string, string>;
    expect(unstarted.instanceId).toBe(String(run.instanceIds[1]));

    await revokeZoneAgent(port.sql, lab.organization.organizationId, revoked.agentId);
    expect(await agentState(port, lab, revoked.agentId)).toBe("REVOKED");
    for (const [route, body] of [
      ["POST /agent/v1/zone/heartbeat", { version: "0.1.0", capacityVus: 2 }],
      ["GET /agent/v1/zone/work", undefined],
      ["POST /agent/v1/zone/renew", { csr: csrPem }],
    ] as const) {
      const answer = await agentRequest(url(), revoked.tls, route, body);
      expect(answer.status, route).toBe(403);
      expect(answer.json.error).toMatch(/was revoked/);
    }
    // The run certificate of the instance it started is refused too: every call checks the registration.
    const asRunAgent = await agentRequest(url(), runCertificate, "POST /agent/v1/heartbeat", {
      cpuPercent: 1,
      memoryBytes: 1,
    });
    expect(asRunAgent).toMatchObject({ status: 403, json: { error: expect.stringMatching(/was revoked/) } });
    // The token it held for the unstarted instance is worthless; another agent gets the instance with a new one.
    const { csrPem: otherCsr } = await makeCsr();
    const stolen = await agentRequest(url(), anonymous(), "POST /agent/v1/call-home", {
      token: unstarted.bootstrapToken,
      csr: otherCsr,
    });
    expect(stolen.status).toBe(401);
    expect((await runRow(run.runId)).status_reason).toBe(
      'waiting for 1 more agent in private zone "lab" (0 online, 0 idle)',
    );
    const replacement = await enrolAgent(port, lab.token, "lab");
    const taken = await agentRequest(url(), replacement.tls, "GET /agent/v1/zone/work");
    const job = taken.json.job as Record<string, string>;
    expect(job.instanceId).toBe(unstarted.instanceId);
    expect(job.bootstrapToken).not.toBe(unstarted.bootstrapToken);
    expect((await runRow(run.runId)).status_reason).toBeNull();
  });

  it("answers a held work poll 403 as soon as its agent is revoked", async () => {
    const annex = await seedZone(port, "annex-org", "annex");
    const idle = await enrolAgent(port, annex.token, "annex");
    const held = agentRequest(url(), idle.tls, "GET /agent/v1/zone/work");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const revokedAt = Date.now();
    await revokeZoneAgent(port.sql, annex.organization.organizationId, idle.agentId);
    expect(await held).toMatchObject({ status: 403, json: { error: expect.stringMatching(/was revoked/) } });
    expect(Date.now() - revokedAt).toBeLessThan(1000);
  });

  it("revoking or rotating the enrolment token stops new enrolments, not enrolled agents", async () => {
    const depot = await seedZone(port, "depot-org", "depot");
    const enrolled = await enrolAgent(port, depot.token, "depot");
    await revokeEnrolmentToken(port.sql, depot.zone.id);
    await expect(enrolAgent(port, depot.token, "depot")).rejects.toThrow(/401.*unknown or revoked/);
    const beat = { version: "0.1.0", capacityVus: 2 };
    expect((await agentRequest(url(), enrolled.tls, "POST /agent/v1/zone/heartbeat", beat)).status).toBe(200);
    const rotated = await issueEnrolmentToken(port.sql, depot.zone.id);
    expect(rotated).not.toBe(depot.token);
    await expect(enrolAgent(port, rotated, "depot")).resolves.toMatchObject({ agentId: expect.any(Number) });
    await expect(enrolAgent(port, depot.token, "depot")).rejects.toThrow(/401/);
  });

  it("keeps a run of one organization out of another organization's zone", async () => {
    const other = await seedZone(port, "other-org", "elsewhere");
    await expect(
      port.provider.allocate({
        runId: String((await queueRun(port, other, 1)).runId),
        zone: "office",
        instances: [{ instanceId: "999999999", bootstrapToken: "x" }],
        apiUrl: url(),
        caCertificatePem: port.ca.certificatePem,
      }),
    ).rejects.toThrow(/cannot queue instances 999999999 of run/);
    const { rows } = await port.pool.query(
      `select i.id from run_instances i join test_runs t on t.id = i.run_id
        where t.organization_id = $1 limit 1`,
      [office.organization.organizationId],
    );
    const officeInstance = String(rows[0].id);
    const foreign = await queueRun(port, other, 1);
    await expect(
      port.provider.allocate({
        runId: String(foreign.runId),
        zone: "office",
        instances: [{ instanceId: officeInstance, bootstrapToken: "x" }],
        apiUrl: url(),
        caCertificatePem: port.ca.certificatePem,
      }),
    ).rejects.toThrow(/each must be an instance of this run in a private zone of the run's organization/);
  });
});
