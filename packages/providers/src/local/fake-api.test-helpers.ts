import { once } from "node:events";
import { readFileSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
// Test-only: the fake API signs its certificate with the platform CA's own code, imported by
// relative path so that the packages stay independent at run time (as the agent's tests do).
import {
  createCertificateAuthority,
  issueServerCertificate,
  loadCertificateAuthority,
} from "../../../api/src/agents/ca/index.js";

/** An HTTPS stand-in for the API's agent port: records every call-home and answers 503, so agents keep retrying. */
export async function startFakeApi() {
  const ca = await loadCertificateAuthority(await createCertificateAuthority({ commonName: "Test CA" }));
  const cert = await issueServerCertificate(ca, { hosts: ["127.0.0.1"] });
  const callHomes: { token: string }[] = [];
  const server = https.createServer({ cert: cert.certificatePem, key: cert.privateKeyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (req.url === "/agent/v1/call-home") callHomes.push(JSON.parse(Buffer.concat(chunks).toString()));
      res.writeHead(503, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "the fake API only listens" }));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    caCertificatePem: ca.certificatePem,
    callHomes,
    close: async () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** Polls `predicate` every 50 ms until it holds; throws naming `what` after `timeoutMs`. */
export async function eventually(
  what: string,
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Whether a process still runs. A zombie counts as gone: an orphan's parent is PID 1, which in a
 * container may never reap it.
 */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}
