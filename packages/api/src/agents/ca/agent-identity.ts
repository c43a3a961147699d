import { type AgentBinding, agentCommonName, parseAgentUri } from "./agent-binding.js";
import {
  type ClientCertificateKind,
  type ClientIdentity,
  identifyClient,
  type PresentedCertificate,
} from "./client-identity.js";

export {
  AgentIdentityError,
  type AgentIdentityErrorCode,
  type PresentedCertificate,
} from "./client-identity.js";

/** Who an agent request comes from, read from its client certificate. */
export type AgentIdentity = ClientIdentity<AgentBinding>;

/** The certificates of agents of one run: bound to (run, zone, instance). */
const RUN_AGENT_CERTIFICATE: ClientCertificateKind<AgentBinding> = {
  carries: "one barrage://run/.../zone/.../instance/... URI",
  parseUri: parseAgentUri,
  commonName: (binding) => agentCommonName(binding.instanceId),
  owner: (binding) => `instance "${binding.instanceId}"`,
};

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
  return identifyClient(presented, RUN_AGENT_CERTIFICATE, now);
}
