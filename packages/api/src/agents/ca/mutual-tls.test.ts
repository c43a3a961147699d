import { once } from "node:events";
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signAgentCsr } from "./agent-certificate.js";
import { identifyAgent } from "./agent-identity.js";
import { createCertificateAuthority, loadCertificateAuthority } from "./authority.js";
import { makeCsr } from "./ca.test-helpers.js";
import { issueServerCertificate } from "./server-certificate.js";

const ca = await loadCertificateAuthority(await createCertificateAuthority({ commonName: "Platform CA" }));
const otherCa = await loadCertificateAuthority(await createCertificateAuthority({ commonName: "Other CA" }));
const binding = { runId: "99", zone: "local", instanceId: "agent-1" };

interface Seen {
  authorized: boolean;
  error: string | null;
  identity: ReturnType<typeof identifyAgent> | null;
}

const servers: https.Server[] = [];
let port: number;
let strictPort: number;

/**
 * The agent port as the API serves it (certificates requested, judged per route), or, with
 * `rejectUnauthorized`, a port that refuses the handshake of any client the CA did not certify.
 */
async function startAgentPort(rejectUnauthorized: boolean): Promise<number> {
  const cert = await issueServerCertificate(ca, { hosts: ["127.0.0.1", "localhost"] });
  const server = https.createServer(
    {
      cert: cert.certificatePem,
      key: cert.privateKeyPem,
      ca: [ca.certificatePem],
      requestCert: true,
      rejectUnauthorized,
    },
    (req, res) => {
      const socket = req.socket as TLSSocket;
      const seen: Seen = {
        authorized: socket.authorized,
        error: socket.authorizationError ? String(socket.authorizationError) : null,
        identity: socket.authorized ? identifyAgent(socket.getPeerCertificate()) : null,
      };
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(seen));
    },
  );
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  port = await startAgentPort(false);
  strictPort = await startAgentPort(true);
});

afterAll(() => {
  for (const server of servers) server.close();
});

function get(options: { host?: string; cert?: string; key?: string; port?: number }): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      {
        host: "127.0.0.1",
        servername: options.host,
        port: options.port ?? port,
        path: "/",
        ca: [ca.certificatePem],
        cert: options.cert,
        key: options.key,
        agent: false,
      },
      (res) => {
        let body = "";
        res.on("data", (chunk) => {
          body += chunk;
        });
        res.on("end", () => resolve(JSON.parse(body)));
      },
    );
    req.on("error", reject);
  });
}

async function agentCertificate(signer = ca, now?: Date): Promise<{ cert: string; key: string }> {
  const { csrPem, privateKeyPem } = await makeCsr();
  return {
    cert: await signAgentCsr(signer, csrPem, { ...binding, ttlMs: 3_600_000, now }),
    key: privateKeyPem,
  };
}

describe("mutual TLS with the platform CA", () => {
  it("authorizes and identifies an agent with a certificate from the CA", async () => {
    const seen = await get(await agentCertificate());
    expect(seen.authorized).toBe(true);
    expect(seen.identity).toMatchObject(binding);
  });

  it("lets clients verify the server by IP and by DNS name", async () => {
    await expect(get({})).resolves.toMatchObject({ authorized: false });
    await expect(get({ host: "localhost" })).resolves.toMatchObject({ authorized: false });
    await expect(get({ host: "example.com" })).rejects.toThrow(
      /does not match certificate's altnames|Host: example.com/,
    );
  });

  it("does not authorize a certificate from another CA", async () => {
    const seen = await get(await agentCertificate(otherCa));
    expect(seen).toMatchObject({ authorized: false, identity: null });
    expect(seen.error).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|unable to verify/i);
  });

  it("does not authorize an expired certificate", async () => {
    const seen = await get(await agentCertificate(ca, new Date(Date.now() - 2 * 3600_000)));
    expect(seen).toMatchObject({ authorized: false, identity: null });
    expect(seen.error).toMatch(/CERT_HAS_EXPIRED/);
  });

  it("refuses the handshake of such certificates when the port rejects unauthorized clients", async () => {
    await expect(get({ ...(await agentCertificate()), port: strictPort })).resolves.toMatchObject({
      authorized: true,
    });
    await expect(get({ ...(await agentCertificate(otherCa)), port: strictPort })).rejects.toThrow(
      /socket hang up|ECONNRESET|alert/,
    );
    const expired = await agentCertificate(ca, new Date(Date.now() - 2 * 3600_000));
    await expect(get({ ...expired, port: strictPort })).rejects.toThrow(/socket hang up|ECONNRESET|alert/);
  });

  it("does not authorize a client without a certificate", async () => {
    const seen = await get({});
    expect(seen).toMatchObject({ authorized: false, identity: null });
  });
});
