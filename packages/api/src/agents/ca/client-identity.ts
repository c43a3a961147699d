import type { X509Certificate as NodeX509Certificate } from "node:crypto";
import type { PeerCertificate } from "node:tls";
import * as x509 from "./x509.js";

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

/** A kind of client certificate the platform CA issues: how its URI SAN and common name read. */
export interface ClientCertificateKind<B> {
  /** What such a certificate carries, for refusals: `one barrage://run/.../zone/.../instance/... URI`. */
  carries: string;
  /** The binding a URI names, undefined when the URI is not of this kind. */
  parseUri(uri: string): B | undefined;
  /** The only common name a certificate of this binding has. */
  commonName(binding: B): string;
  /** What the common name must match, for refusals: `instance "7"`. */
  owner(binding: B): string;
}

/** The binding a client certificate names, with its serial and expiry. */
export type ClientIdentity<B> = B & {
  /** The certificate's serial, lower-case hex: what a revocation list names. */
  serial: string;
  /** When the certificate expires. */
  notAfter: Date;
};

/**
 * Reads what a client certificate of the platform CA is bound to: clientAuth, exactly one URI SAN
 * of `kind`, the matching common name, and a validity window around `now`. It does not check who
 * signed the certificate: call it only for a socket whose certificate TLS verified against the
 * platform CA (`socket.authorized`). The window is checked because a keep-alive connection
 * verified at its handshake can outlive its certificate.
 *
 * @throws AgentIdentityError saying what is wrong
 * @example
 * const agent = identifyClient(socket.getPeerCertificate(), RUN_AGENT_CERTIFICATE);
 */
export function identifyClient<B>(
  presented: PresentedCertificate | undefined,
  kind: ClientCertificateKind<B>,
  now = new Date(),
): ClientIdentity<B> {
  const certificate = parse(presented);
  const eku = certificate.getExtension(x509.ExtendedKeyUsageExtension);
  const san = certificate.getExtension(x509.SubjectAlternativeNameExtension);
  const uris = san?.names.items.filter((name) => name.type === "url") ?? [];
  const [uri] = uris;
  const binding = uris.length === 1 && uri ? kind.parseUri(uri.value) : undefined;
  if (!binding || !eku?.usages.includes(x509.ExtendedKeyUsage.clientAuth))
    throw new AgentIdentityError(
      "not-an-agent-certificate",
      `the certificate "${certificate.subject}" is not an agent certificate: it needs clientAuth and ${kind.carries}`,
    );
  const commonNames = certificate.subjectName.getField("CN");
  if (commonNames.length !== 1 || commonNames[0] !== kind.commonName(binding))
    throw new AgentIdentityError(
      "not-an-agent-certificate",
      `the certificate's subject "${certificate.subject}" does not match its ${kind.owner(binding)}`,
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
