import { once } from "node:events";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// Test-only: the API's CA code makes the certificates, as in the other agent tests.
import {
  createCertificateAuthority,
  issueServerCertificate,
  loadCertificateAuthority,
} from "../../../api/src/agents/ca/index.js";
import { caPinOf, certificateSha256, fetchPinnedCa } from "./pinned-ca.js";

let server: https.Server;
let url: string;
let caPem: string;
let otherPem: string;
const requests: string[] = [];

beforeAll(async () => {
  const ca = await loadCertificateAuthority(await createCertificateAuthority({ commonName: "Platform CA" }));
  caPem = ca.certificatePem;
  otherPem = (await createCertificateAuthority({ commonName: "Other CA" })).certificatePem;
  const certificate = await issueServerCertificate(ca, { hosts: ["127.0.0.1"] });
  server = https.createServer(
    { cert: certificate.certificatePem, key: certificate.privateKeyPem },
    (req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ caCertificate: caPem }));
    },
  );
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe("the CA pinned in an enrolment token", () => {
  it("reads the pin after the token's last dot, if any", () => {
    const pin = "ab".repeat(32);
    expect(caPinOf(`brz_${"x".repeat(43)}.${pin}`)).toBe(pin);
    expect(caPinOf(`brz_${"x".repeat(43)}`)).toBeUndefined();
  });

  it("accepts the agent port's CA certificate only when it matches the pin", async () => {
    await expect(fetchPinnedCa(url, certificateSha256(caPem))).resolves.toBe(caPem);
    await expect(fetchPinnedCa(url, certificateSha256(otherPem))).rejects.toThrow(
      /presented a CA certificate with SHA-256 [0-9a-f]{64}, but the enrolment token pins [0-9a-f]{64}.*nothing was sent/,
    );
    expect(requests).toEqual(["GET /agent/v1/ca-certificate", "GET /agent/v1/ca-certificate"]);
  });

  it("computes the pin as openssl prints the SHA-256 fingerprint, without colons", () => {
    expect(certificateSha256(caPem)).toMatch(/^[0-9a-f]{64}$/);
    expect(certificateSha256(caPem)).not.toBe(certificateSha256(otherPem));
  });
});
