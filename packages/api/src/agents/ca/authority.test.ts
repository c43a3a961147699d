import { describe, expect, it } from "vitest";
import {
  CertificateAuthorityError,
  createCertificateAuthority,
  loadCertificateAuthority,
} from "./authority.js";
import { issueServerCertificate } from "./server-certificate.js";
import * as x509 from "./x509.js";

describe("the platform CA", () => {
  it("is a self-signed P-256 CA for certificate and CRL signing, valid about ten years", async () => {
    const pems = await createCertificateAuthority({ commonName: "Barrage test CA" });
    const ca = await loadCertificateAuthority(pems);
    const cert = ca.certificate;
    expect(cert.subject).toBe("CN=Barrage test CA");
    expect(await cert.isSelfSigned()).toBe(true);
    expect(cert.publicKey.algorithm).toMatchObject({ name: "ECDSA", namedCurve: "P-256" });
    expect(cert.getExtension(x509.BasicConstraintsExtension)).toMatchObject({ ca: true, critical: true });
    const usage = cert.getExtension(x509.KeyUsagesExtension);
    expect(usage?.usages).toBe(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
    const years = (cert.notAfter.getTime() - Date.now()) / (365 * 24 * 3600 * 1000);
    expect(years).toBeGreaterThan(9.9);
    expect(years).toBeLessThan(10.1);
    expect(pems.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it("gives every CA its own key and serial", async () => {
    const [a, b] = await Promise.all([
      createCertificateAuthority({ commonName: "A" }),
      createCertificateAuthority({ commonName: "A" }),
    ]);
    expect(a.privateKeyPem).not.toBe(b.privateKeyPem);
    expect(new x509.X509Certificate(a.certificatePem).serialNumber).not.toBe(
      new x509.X509Certificate(b.certificatePem).serialNumber,
    );
  });

  it("refuses a private key that belongs to another CA", async () => {
    const [a, b] = await Promise.all([
      createCertificateAuthority({ commonName: "A" }),
      createCertificateAuthority({ commonName: "B" }),
    ]);
    await expect(
      loadCertificateAuthority({ certificatePem: a.certificatePem, privateKeyPem: b.privateKeyPem }),
    ).rejects.toThrow(/private key does not belong to the CA certificate "CN=A"/);
  });

  it("refuses a certificate that is not a CA, and material that is not PEM", async () => {
    const ca = await loadCertificateAuthority(await createCertificateAuthority({ commonName: "A" }));
    const server = await issueServerCertificate(ca, { hosts: ["localhost"] });
    await expect(
      loadCertificateAuthority({
        certificatePem: server.certificatePem,
        privateKeyPem: server.privateKeyPem,
      }),
    ).rejects.toThrow(/is not a CA/);
    const error = await loadCertificateAuthority({ certificatePem: "hello", privateKeyPem: "" }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(CertificateAuthorityError);
    expect(error.message).toMatch(/CA certificate cannot be read: expected exactly one/);
    await expect(
      loadCertificateAuthority({ certificatePem: ca.certificatePem, privateKeyPem: ca.certificatePem }),
    ).rejects.toThrow(/CA private key is not a P-256 PKCS#8 PEM/);
  });
});
