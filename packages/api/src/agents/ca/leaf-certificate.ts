import { randomBytes } from "node:crypto";
import type { CertificateAuthority } from "./authority.js";
import { type CryptoKey, P256_SIGNING } from "./keys.js";
import * as x509 from "./x509.js";

/** What differs between the leaf certificates the CA issues (the API's server certificate, agents' client certificates). */
export interface LeafCertificateRequest {
  commonName: string;
  publicKey: CryptoKey | x509.PublicKey;
  notBefore: Date;
  notAfter: Date;
  extendedKeyUsage: x509.ExtendedKeyUsage;
  subjectAltNames: x509.JsonGeneralNames;
}

/**
 * Signs an end-entity certificate with the CA: CA:false, key usage digitalSignature (what ECDSA
 * TLS needs), one extended key usage, the given SANs, key identifiers for chain building, and a
 * random 128-bit serial so that serials are unique without coordination between API processes.
 */
export async function issueLeafCertificate(
  ca: CertificateAuthority,
  request: LeafCertificateRequest,
): Promise<x509.X509Certificate> {
  return x509.X509CertificateGenerator.create({
    serialNumber: randomBytes(16).toString("hex"),
    subject: [{ CN: [request.commonName] }],
    issuer: ca.certificate.subjectName,
    notBefore: request.notBefore,
    notAfter: request.notAfter,
    publicKey: request.publicKey,
    signingKey: ca.privateKey,
    signingAlgorithm: P256_SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([request.extendedKeyUsage], false),
      new x509.SubjectAlternativeNameExtension(request.subjectAltNames, false),
      await x509.AuthorityKeyIdentifierExtension.create(ca.certificate.publicKey),
      await x509.SubjectKeyIdentifierExtension.create(request.publicKey),
    ],
  });
}
