import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  createCertificateAuthority,
  loadCertificateAuthority,
  signAgentCsr,
} from "../../../api/src/agents/ca/index.js";
import { AgentKey } from "./agent-key.js";
import { checkIssuedCertificate } from "./issued-certificate.js";
import * as x509 from "./x509.js";

describe("AgentKey", () => {
  it("makes a self-signed P-256 CSR", async () => {
    const key = await AgentKey.generate();
    const csr = new x509.Pkcs10CertificateRequest(await key.csrPem());
    expect(csr.publicKey.algorithm).toMatchObject({ name: "ECDSA", namedCurve: "P-256" });
    expect(await csr.verify()).toBe(true);
    expect(csr.subject).toBe("CN=barrage-agent");
  });

  it("never shows its private key when printed, logged or serialized", async () => {
    const key = await AgentKey.generate();
    expect(key.tlsKeyPem()).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    for (const shown of [String(key), JSON.stringify({ key }), inspect(key), `${key}`])
      expect(shown).not.toContain("PRIVATE KEY");
  });

  it("accepts the certificate the CA issued for it, and not one issued for another key or by another CA", async () => {
    const ca = await loadCertificateAuthority(await createCertificateAuthority({ commonName: "CA" }));
    const other = await loadCertificateAuthority(await createCertificateAuthority({ commonName: "Other" }));
    const binding = { runId: "1", zone: "local", instanceId: "i" };
    const key = await AgentKey.generate();
    const stranger = await AgentKey.generate();
    const mine = await signAgentCsr(ca, await key.csrPem(), binding);
    await expect(checkIssuedCertificate(key, mine, ca.certificatePem)).resolves.toBeUndefined();
    const theirs = await signAgentCsr(ca, await stranger.csrPem(), binding);
    await expect(checkIssuedCertificate(key, theirs, ca.certificatePem)).rejects.toThrow(/for another key/);
    const forged = await signAgentCsr(other, await key.csrPem(), binding);
    await expect(checkIssuedCertificate(key, forged, ca.certificatePem)).rejects.toThrow(/did not sign/);
  });
});
