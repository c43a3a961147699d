/**
 * The platform CA: it signs the API's server certificate for the agent port and the short-lived
 * client certificates agents get at call-home, and it reads an agent's identity back from the
 * certificate on every agent request. Pure functions over PEM strings and WebCrypto keys (ECDSA
 * P-256 with @peculiar/x509); storage is the caller's.
 *
 * @example
 * const ca = await loadCertificateAuthority(await createCertificateAuthority({ commonName: "Barrage CA" }));
 * const server = await issueServerCertificate(ca, { hosts: ["127.0.0.1", "localhost"] });
 * const certificatePem = await signAgentCsr(ca, csrPem, { runId, zone, instanceId, ttlMs });
 * const { runId, instanceId } = identifyAgent(socket.getPeerCertificate());
 * // other kinds of client certificate (agents of private zones) are signed and read with the same rules:
 * const pem = await signClientCsr(ca, csrPem, { commonName, uri, ttlMs });
 * const identity = identifyClient(socket.getPeerCertificate(), kind);
 */

export type { AgentBinding } from "./agent-binding.js";
export { type AgentCertificateOptions, CsrRejectedError, signAgentCsr } from "./agent-certificate.js";
export {
  type AgentIdentity,
  AgentIdentityError,
  type AgentIdentityErrorCode,
  identifyAgent,
  type PresentedCertificate,
} from "./agent-identity.js";
export {
  type CertificateAuthority,
  CertificateAuthorityError,
  type CertificateAuthorityPems,
  createCertificateAuthority,
  loadCertificateAuthority,
} from "./authority.js";
export { type ClientCertificateRequest, signClientCsr } from "./client-certificate.js";
export { type ClientCertificateKind, type ClientIdentity, identifyClient } from "./client-identity.js";
export { type CertificateAndKeyPems, issueServerCertificate } from "./server-certificate.js";
