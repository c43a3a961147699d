import { randomBytes, webcrypto } from "node:crypto";
import {
  type CryptoKey,
  describeKey,
  exportPrivateKeyPem,
  generateP256KeyPair,
  importPrivateKeyPem,
  isP256,
  P256_SIGNING,
} from "./keys.js";
import * as x509 from "./x509.js";

/** The platform CA as stored: its certificate and its PKCS#8 private key, both PEM. */
export interface CertificateAuthorityPems {
  certificatePem: string;
  privateKeyPem: string;
}

/** The platform CA loaded for signing. Its private key is a non-extractable WebCrypto key. */
export interface CertificateAuthority {
  readonly certificate: x509.X509Certificate;
  readonly certificatePem: string;
  readonly privateKey: CryptoKey;
}

/** Thrown when stored CA material cannot be used: wrong format, not a CA, or a key that does not match. */
export class CertificateAuthorityError extends Error {
  override readonly name = "CertificateAuthorityError";
}

const CA_VALIDITY_MS = 10 * 365 * 24 * 3600 * 1000;
/** Certificates start a minute in the past so that a peer whose clock is slightly behind accepts them. */
export const CLOCK_SKEW_MS = 60_000;

/**
 * Creates a new self-signed platform CA: ECDSA P-256, CA:true with path length 0 (it signs only
 * leaf certificates), key usage keyCertSign and cRLSign, valid for ten years.
 *
 * @example
 * const pems = await createCertificateAuthority({ commonName: "Barrage platform CA" });
 * // store pems.privateKeyPem encrypted; publish pems.certificatePem to agents
 */
export async function createCertificateAuthority(options: {
  commonName: string;
}): Promise<CertificateAuthorityPems> {
  const keys = await generateP256KeyPair();
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(16).toString("hex"),
    name: [{ CN: [options.commonName] }],
    notBefore: new Date(now - CLOCK_SKEW_MS),
    notAfter: new Date(now + CA_VALIDITY_MS),
    keys,
    signingAlgorithm: P256_SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return {
    certificatePem: certificate.toString("pem"),
    privateKeyPem: await exportPrivateKeyPem(keys.privateKey),
  };
}

/**
 * Loads stored CA material for signing, and checks it: one certificate that is a P-256 CA, and a
 * private key that belongs to it.
 *
 * @example
 * const ca = await loadCertificateAuthority({ certificatePem, privateKeyPem });
 */
export async function loadCertificateAuthority(
  pems: CertificateAuthorityPems,
): Promise<CertificateAuthority> {
  const certificate = parseCaCertificate(pems.certificatePem);
  let privateKey: CryptoKey;
  try {
    privateKey = await importPrivateKeyPem(pems.privateKeyPem);
  } catch (error) {
    throw new CertificateAuthorityError(
      `the CA private key is not a P-256 PKCS#8 PEM: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (!(await keyMatches(privateKey, certificate.publicKey)))
    throw new CertificateAuthorityError(
      `the CA private key does not belong to the CA certificate "${certificate.subject}"`,
    );
  return { certificate, certificatePem: certificate.toString("pem"), privateKey };
}

function parseCaCertificate(pem: string): x509.X509Certificate {
  let certificate: x509.X509Certificate;
  try {
    const blocks = x509.PemConverter.decodeWithHeaders(pem).filter((b) => b.type === "CERTIFICATE");
    if (blocks.length !== 1 || !blocks[0])
      throw new Error(`expected exactly one "-----BEGIN CERTIFICATE-----" block, found ${blocks.length}`);
    certificate = new x509.X509Certificate(blocks[0].rawData);
  } catch (error) {
    throw new CertificateAuthorityError(`the CA certificate cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const constraints = certificate.getExtension(x509.BasicConstraintsExtension);
  if (!constraints?.ca)
    throw new CertificateAuthorityError(
      `the certificate "${certificate.subject}" is not a CA (basicConstraints CA:false)`,
    );
  if (!isP256(certificate.publicKey))
    throw new CertificateAuthorityError(
      `the CA certificate has a ${describeKey(certificate.publicKey)} key; the platform CA must be ECDSA P-256`,
    );
  return certificate;
}

/** Signs a random challenge and verifies it with the certificate's key: the only check a non-extractable key allows. */
async function keyMatches(privateKey: CryptoKey, publicKey: x509.PublicKey): Promise<boolean> {
  const challenge = randomBytes(32);
  const signature = await webcrypto.subtle.sign(P256_SIGNING, privateKey, challenge);
  const verifier = await publicKey.export(P256_SIGNING, ["verify"]);
  return webcrypto.subtle.verify(P256_SIGNING, verifier, signature, challenge);
}
