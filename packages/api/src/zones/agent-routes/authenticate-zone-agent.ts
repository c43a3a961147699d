import type { IncomingMessage } from "node:http";
import { HttpError } from "../../agents/server/http-exchange.js";
import { identifyPeer } from "../../agents/server/identify-peer.js";
import type { Db } from "../../db/database.js";
import { identifyZoneAgent } from "../certificates/zone-agent-certificate.js";
import { type AgentCredentials, agentCredentials } from "../store/agent-credentials.js";

/**
 * Authenticates a request of an agent of a private zone: a client certificate that TLS verified
 * against the platform CA, still valid (else 401), of the zone agent kind, bound to an agent that
 * exists in the zone and organization the certificate names, whose registration is not revoked
 * and whose current certificate it is (a renewal replaces the old one) (else 403). Read from the
 * database on every request, so that a revocation takes effect at the next call.
 */
export async function authenticateZoneAgent(db: Db, req: IncomingMessage): Promise<AgentCredentials> {
  const identity = identifyPeer(req, identifyZoneAgent);
  const agentId = Number(identity.agentId);
  const agent = await agentCredentials(db, agentId);
  if (!agent) throw new HttpError(403, `agent ${agentId} is not registered`);
  if (String(agent.zoneId) !== identity.zoneId || String(agent.organizationId) !== identity.organizationId)
    throw new HttpError(
      403,
      `the certificate binds agent ${agentId} to zone ${identity.zoneId} of organization ${identity.organizationId}, but it is registered elsewhere`,
    );
  if (agent.revokedAt)
    throw new HttpError(
      403,
      `agent ${agentId} of private zone "${agent.zoneName}" was revoked at ${agent.revokedAt.toISOString()}; enrol again with a valid enrolment token if this machine should take part`,
    );
  if (agent.certSerial !== identity.serial)
    throw new HttpError(403, `this certificate of agent ${agentId} was replaced by a newer one`);
  return agent;
}
