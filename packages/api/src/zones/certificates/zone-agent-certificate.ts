import {
  type CertificateAuthority,
  type ClientCertificateKind,
  type ClientIdentity,
  identifyClient,
  type PresentedCertificate,
  signClientCsr,
} from "../../agents/ca/index.js";
import {
  parseZoneAgentUri,
  type ZoneAgentBinding,
  zoneAgentCommonName,
  zoneAgentUri,
} from "./zone-agent-binding.js";

/** Who a request on a zone agent route comes from, read from its client certificate. */
export type ZoneAgentIdentity = ClientIdentity<ZoneAgentBinding>;

/**
 * The certificates of agents of private zones. They differ from run agents' certificates in their
 * URI, so a zone agent's certificate is refused on every route of a run (and the reverse): each
 * kind of route reads only its own kind.
 */
const ZONE_AGENT_CERTIFICATE: ClientCertificateKind<ZoneAgentBinding> = {
  carries: "one barrage://org/.../zone/.../agent/... URI",
  parseUri: parseZoneAgentUri,
  commonName: (binding) => zoneAgentCommonName(binding.agentId),
  owner: (binding) => `agent "${binding.agentId}"`,
};

/**
 * Signs the CSR of an agent of a private zone: a client certificate of the platform CA bound to
 * the organization, the zone and the agent (subject `CN=zone-agent:<agentId>`, URI SAN
 * `barrage://org/<organizationId>/zone/<zoneId>/agent/<agentId>`). The agent's key never leaves its
 * machine: only the CSR's public key is used.
 *
 * @throws CsrRejectedError for a CSR that cannot be signed
 * @example
 * const pem = await signZoneAgentCsr(ca, csrPem, { organizationId: "1", zoneId: "4", agentId: "9", ttlMs });
 */
export function signZoneAgentCsr(
  ca: CertificateAuthority,
  csrPem: string,
  options: ZoneAgentBinding & { ttlMs?: number; now?: Date },
): Promise<string> {
  return signClientCsr(ca, csrPem, {
    commonName: zoneAgentCommonName(options.agentId),
    uri: zoneAgentUri(options),
    ttlMs: options.ttlMs,
    now: options.now,
  });
}

/**
 * Reads the organization, zone and agent a zone agent's certificate is bound to, with its serial
 * and expiry. Like `identifyAgent`, only for a certificate TLS verified against the platform CA.
 *
 * @throws AgentIdentityError when the certificate is not a valid zone agent certificate
 */
export function identifyZoneAgent(
  presented: PresentedCertificate | undefined,
  now = new Date(),
): ZoneAgentIdentity {
  return identifyClient(presented, ZONE_AGENT_CERTIFICATE, now);
}
