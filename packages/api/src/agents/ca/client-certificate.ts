import { type CertificateAuthority, CLOCK_SKEW_MS } from "./authority.js";
import { describeKey, isP256 } from "./keys.js";
import { issueLeafCertificate } from "./leaf-certificate.js";
import * as x509 from "./x509.js";

/** Thrown when a CSR cannot be signed; the message says why and is safe to send back to the agent. */
export class CsrRejectedError extends Error {
  override readonly name = "CsrRejectedError";
}

/** What a client certificate names and how long it lives. */
export interface ClientCertificateRequest {
  /** The subject's only common name. */
  commonName: string;
  /** The certificate's only URI SAN: what the certificate is bound to. */
  uri: string;
  /** Validity from now, ms: 24 h unless given, at most 7 days. */
  ttlMs?: number;
  /** The instant validity is counted from (default now); tests issue certificates in the past with it. */
  now?: Date;
}

const DEFAULT_TTL_MS = 24 * 3600 * 1000;
const MAX_TTL_MS = 7 * 24 * 3600 * 1000;
/** A P-256 CSR is about 500 bytes of PEM; anything much larger is not one of ours. */
const MAX_CSR_PEM_LENGTH = 16 * 1024;

/**
 * Signs a client certificate for the key of a CSR: the CSR's self-signature is verified (its sender
 * holds the private key) and its key must be ECDSA P-256; the subject and extensions it asks for
 * are ignored, so that the CA alone decides what the certificate is bound to. The certificate
 * allows clientAuth only, has a random serial and a short validity. Agents of runs and agents of
 * private zones both get theirs here, each kind with its own URI.
 *
 * @throws CsrRejectedError for a CSR that cannot be signed (the message may go back to the sender)
 * @example
 * const pem = await signClientCsr(ca, csrPem, { commonName: "agent:7", uri: "barrage://run/1/zone/local/instance/7" });
 */
export async function signClientCsr(
  ca: CertificateAuthority,
  csrPem: string,
  request: ClientCertificateRequest,
): Promise<string> {
  const ttlMs = request.ttlMs ?? DEFAULT_TTL_MS;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0 || ttlMs > MAX_TTL_MS)
    throw new RangeError(`ttlMs ${ttlMs} is out of range: agent certificates live between 1 ms and 7 days`);
  const csr = parseCsr(csrPem);
  if (!isP256(csr.publicKey))
    throw new CsrRejectedError(
      `the CSR's key is ${describeKey(csr.publicKey)}; agent keys must be ECDSA P-256`,
    );
  await verifySelfSignature(csr);
  const now = (request.now ?? new Date()).getTime();
  const certificate = await issueLeafCertificate(ca, {
    commonName: request.commonName,
    publicKey: csr.publicKey,
    notBefore: new Date(now - CLOCK_SKEW_MS),
    notAfter: new Date(now + ttlMs),
    extendedKeyUsage: x509.ExtendedKeyUsage.clientAuth,
    subjectAltNames: [{ type: "url", value: request.uri }],
  });
  return certificate.toString("pem");
}

function parseCsr(csrPem: string): x509.Pkcs10CertificateRequest {
  if (typeof csrPem !== "string" || csrPem.length > MAX_CSR_PEM_LENGTH)
    throw new CsrRejectedError(`the CSR must be a PEM string of at most ${MAX_CSR_PEM_LENGTH} characters`);
  try {
    const blocks = x509.PemConverter.decodeWithHeaders(csrPem).filter(
      (b) => b.type === "CERTIFICATE REQUEST",
    );
    if (blocks.length !== 1 || !blocks[0])
      throw new Error(
        `expected exactly one "-----BEGIN CERTIFICATE REQUEST-----" block, found ${blocks.length}`,
      );
    return new x509.Pkcs10CertificateRequest(blocks[0].rawData);
  } catch (error) {
    throw new CsrRejectedError(`the CSR is not a PKCS#10 certificate request: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Proves the sender holds the private key of the public key it asks a certificate for. */
async function verifySelfSignature(csr: x509.Pkcs10CertificateRequest): Promise<void> {
  let valid: boolean;
  try {
    valid = await csr.verify();
  } catch (error) {
    throw new CsrRejectedError(`the CSR's signature cannot be checked: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!valid)
    throw new CsrRejectedError(
      "the CSR's signature does not verify with its own public key: it was altered or not signed by the key it carries",
    );
}
