import { describe, expect, it } from "vitest";
import { CsrRejectedError, signAgentCsr } from "./agent-certificate.js";
import { createCertificateAuthority, loadCertificateAuthority } from "./authority.js";
import { makeCsr } from "./ca.test-helpers.js";
import * as x509 from "./x509.js";

const ca = await loadCertificateAuthority(await createCertificateAuthority({ commonName: "Test CA" }));
const binding = { runId: "42", zone: "amazon:us:ashburn", instanceId: "i-0abc" };

/** The CSR with one byte of its subject changed, so that its signature no longer matches. */
function tamper(csrPem: string): string {
  const der = Buffer.from(x509.PemConverter.decode(csrPem)[0] as ArrayBuffer);
  const at = der.indexOf("mallory");
  der[at] = "M".charCodeAt(0);
  return x509.PemConverter.encode(der, "CERTIFICATE REQUEST");
}

describe("signAgentCsr", () => {
  it("binds the certificate to the run, zone and instance, whatever subject the CSR asks for", async () => {
    const { csrPem } = await makeCsr({ subject: "CN=admin, O=Platform" });
    const cert = new x509.X509Certificate(await signAgentCsr(ca, csrPem, binding));
    expect(cert.subject).toBe("CN=agent:i-0abc");
    expect(cert.issuer).toBe("CN=Test CA");
    const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
    expect(san?.names.toJSON()).toEqual([
      { type: "url", value: "barrage://run/42/zone/amazon:us:ashburn/instance/i-0abc" },
    ]);
    expect(cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([
      x509.ExtendedKeyUsage.clientAuth,
    ]);
    expect(cert.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(false);
    expect(await cert.verify({ publicKey: ca.certificate.publicKey, signatureOnly: true })).toBe(true);
    const csr = new x509.Pkcs10CertificateRequest(csrPem);
    expect(Buffer.from(cert.publicKey.rawData)).toEqual(Buffer.from(csr.publicKey.rawData));
  });

  it("lives 24 hours unless told otherwise, with a random serial", async () => {
    const { csrPem } = await makeCsr();
    const a = new x509.X509Certificate(await signAgentCsr(ca, csrPem, binding));
    const b = new x509.X509Certificate(await signAgentCsr(ca, csrPem, { ...binding, ttlMs: 3_600_000 }));
    expect(a.notAfter.getTime() - Date.now()).toBeGreaterThan(24 * 3600_000 - 10_000);
    expect(a.notAfter.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
    expect(b.notAfter.getTime() - Date.now()).toBeLessThanOrEqual(3_600_000);
    expect(a.serialNumber).not.toBe(b.serialNumber);
    expect(a.serialNumber.length).toBeGreaterThanOrEqual(30);
  });

  it("refuses a CSR whose signature does not match its content", async () => {
    const { csrPem } = await makeCsr({ subject: "CN=mallory" });
    const error = await signAgentCsr(ca, tamper(csrPem), binding).catch((e) => e);
    expect(error).toBeInstanceOf(CsrRejectedError);
    expect(error.message).toMatch(/signature does not verify/);
  });

  it("refuses keys other than ECDSA P-256", async () => {
    const rsa = await makeCsr({ algorithm: "RSA" });
    await expect(signAgentCsr(ca, rsa.csrPem, binding)).rejects.toThrow(
      /key is RSASSA-PKCS1-v1_5; agent keys must be ECDSA P-256/,
    );
    const p384 = await makeCsr({ algorithm: "P-384" });
    await expect(signAgentCsr(ca, p384.csrPem, binding)).rejects.toThrow(/key is ECDSA P-384/);
  });

  it("refuses what is not a CSR, and bindings or lifetimes it cannot honour", async () => {
    await expect(signAgentCsr(ca, ca.certificatePem, binding)).rejects.toThrow(
      /not a PKCS#10 certificate request: expected exactly one "-----BEGIN CERTIFICATE REQUEST-----" block, found 0/,
    );
    const { csrPem } = await makeCsr();
    await expect(signAgentCsr(ca, csrPem, { ...binding, zone: "us/east" })).rejects.toThrow(
      /zone "us\/east" cannot be bound/,
    );
    await expect(signAgentCsr(ca, csrPem, { ...binding, runId: "" })).rejects.toThrow(
      /runId "" cannot be bound/,
    );
    await expect(signAgentCsr(ca, csrPem, { ...binding, ttlMs: 30 * 24 * 3600_000 })).rejects.toThrow(
      /between 1 ms and 7 days/,
    );
  });
});
