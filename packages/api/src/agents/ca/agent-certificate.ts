import { type AgentBinding, agentCommonName, agentUri, checkBinding } from "./agent-binding.js";
import type { CertificateAuthority } from "./authority.js";
import { signClientCsr } from "./client-certificate.js";

export { CsrRejectedError } from "./client-certificate.js";

/** What an agent certificate is bound to, and how long it lives. */
export interface AgentCertificateOptions extends AgentBinding {
  /** Validity from now, ms: 24 h unless given, at most 7 days. */
  ttlMs?: number;
  /** The instant validity is counted from (default now); tests issue certificates in the past with it. */
  now?: Date;
}

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
  return signClientCsr(ca, csrPem, {
    commonName: agentCommonName(options.instanceId),
    uri: agentUri(options),
    ttlMs: options.ttlMs,
    now: options.now,
  });
}
