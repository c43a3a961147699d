import type { X509Certificate as NodeX509Certificate } from "node:crypto";
import type { PeerCertificate } from "node:tls";
import { type AgentBinding, agentCommonName, parseAgentUri } from "./agent-binding.js";
import * as x509 from "./x509.js";

/** Who an agent request comes from, read from its client certificate. */
export interface AgentIdentity extends AgentBinding {
  /** The certificate's serial, lower-case hex: what a revocation list names. */
  serial: string;
  /** When the certificate expires. */
  notAfter: Date;
}

/** Why a certificate does not identify an agent. */
export type AgentIdentityErrorCode =
  | "no-certificate"
  | "unreadable"
  | "not-an-agent-certificate"
  | "not-yet-valid"
  | "expired";

/** A client certificate that does not identify an agent; the API answers 401 (no certificate) or 403. */
export class AgentIdentityError extends Error {
  override readonly name = "AgentIdentityError";
  constructor(
    readonly code: AgentIdentityErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A certificate as Node's TLS gives it (`socket.getPeerCertificate()`, `getPeerX509Certificate()`) or parsed by @peculiar/x509. */
export type PresentedCertificate = PeerCertificate | NodeX509Certificate | x509.X509Certificate;

/**
 * Reads the run, zone and instance an agent certificate is bound to. It does not check who signed
 * the certificate: call it only for a socket whose certificate TLS verified against the platform CA
 * (`socket.authorized`). It does check the validity window at `now`, because a keep-alive
 * connection verified at its handshake can outlive its certificate.
 *
 * @example
 * if (!socket.authorized) return reply(401, socket.authorizationError);
 * const agent = identifyAgent(socket.getPeerCertificate());
 * if (agent.runId !== runId) return reply(403, "this certificate belongs to another run");
 */
export function identifyAgent(presented: PresentedCertificate | undefined, now = new Date()): AgentIdentity {
  const certificate = parse(presented);
  const eku = certificate.getExtension(x509.ExtendedKeyUsageExtension);
  const san = certificate.getExtension(x509.SubjectAlternativeNameExtension);
  const uris = san?.names.items.filter((name) => name.type === "url") ?? [];
  const [uri] = uris;
  const binding = uris.length === 1 && uri ? parseAgentUri(uri.value) : undefined;
  if (!binding || !eku?.usages.includes(x509.ExtendedKeyUsage.clientAuth))
    throw new AgentIdentityError(
      "not-an-agent-certificate",
      `the certificate "${certificate.subject}" is not an agent certificate: it needs clientAuth and one barrage://run/.../zone/.../instance/... URI`,
    );
  const commonNames = certificate.subjectName.getField("CN");
  if (commonNames.length !== 1 || commonNames[0] !== agentCommonName(binding.instanceId))
    throw new AgentIdentityError(
      "not-an-agent-certificate",
      `the certificate's subject "${certificate.subject}" does not match its instance "${binding.instanceId}"`,
    );
  if (now < certificate.notBefore)
    throw new AgentIdentityError(
      "not-yet-valid",
      `the agent certificate is valid only from ${certificate.notBefore.toISOString()}`,
    );
  if (now > certificate.notAfter)
    throw new AgentIdentityError(
      "expired",
      `the agent certificate expired at ${certificate.notAfter.toISOString()}; the agent must call home again`,
    );
  return { ...binding, serial: certificate.serialNumber.toLowerCase(), notAfter: certificate.notAfter };
}

function parse(presented: PresentedCertificate | undefined): x509.X509Certificate {
  if (presented instanceof x509.X509Certificate) return presented;
  const raw = presented && "raw" in presented ? presented.raw : undefined;
  if (!raw || raw.length === 0)
    throw new AgentIdentityError(
      "no-certificate",
      "the request carries no client certificate; agents must use the certificate they got from call-home",
    );
  try {
    return new x509.X509Certificate(raw);
  } catch (error) {
    throw new AgentIdentityError(
      "unreadable",
      `the client certificate cannot be parsed: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}
