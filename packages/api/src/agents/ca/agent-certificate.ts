import { type AgentBinding, agentCommonName, agentUri, checkBinding } from "./agent-binding.js";
import { type CertificateAuthority, CLOCK_SKEW_MS } from "./authority.js";
import { describeKey, isP256 } from "./keys.js";
import { issueLeafCertificate } from "./leaf-certificate.js";
import * as x509 from "./x509.js";

/** Thrown when a CSR cannot be signed; the message says why and is safe to send back to the agent. */
export class CsrRejectedError extends Error {
  override readonly name = "CsrRejectedError";
}

/** What an agent certificate is bound to, and how long it lives. */
export interface AgentCertificateOptions extends AgentBinding {
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
 * Signs an agent's CSR. Only the CSR's public key is used: its self-signature is verified (the
 * agent holds the private key) and must be ECDSA P-256; the subject and extensions it asks for are
 * ignored. The certificate is bound to the run, zone and instance (subject `CN=agent:<instanceId>`
 * and URI SAN `barrage://run/<runId>/zone/<zone>/instance/<instanceId>`), allows clientAuth only,
 * has a random serial and a short validity.
 *
 * @example
 * const certificatePem = await signAgentCsr(ca, csrPem, { runId: "42", zone: "local", instanceId: "i-1" });
 */
export async function signAgentCsr(
  ca: CertificateAuthority,
  csrPem: string,
  options: AgentCertificateOptions,
): Promise<string> {
  checkBinding(options);
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0 || ttlMs > MAX_TTL_MS)
    throw new RangeError(`ttlMs ${ttlMs} is out of range: agent certificates live between 1 ms and 7 days`);
  const csr = parseCsr(csrPem);
  if (!isP256(csr.publicKey))
    throw new CsrRejectedError(
      `the CSR's key is ${describeKey(csr.publicKey)}; agent keys must be ECDSA P-256`,
    );
  await verifySelfSignature(csr);
  const now = (options.now ?? new Date()).getTime();
  const certificate = await issueLeafCertificate(ca, {
    commonName: agentCommonName(options.instanceId),
    publicKey: csr.publicKey,
    notBefore: new Date(now - CLOCK_SKEW_MS),
    notAfter: new Date(now + ttlMs),
    extendedKeyUsage: x509.ExtendedKeyUsage.clientAuth,
    subjectAltNames: [{ type: "url", value: agentUri(options) }],
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

/** Proves the agent holds the private key of the public key it asks a certificate for. */
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
