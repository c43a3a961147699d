import { X509Certificate } from "node:crypto";
import { CsrRejectedError } from "../../agents/ca/index.js";
import type { SelfAuthenticatingRequest } from "../../agents/server/agent-port.js";
import { objectBody, stringField } from "../../agents/server/body-fields.js";
import { HttpError, type Reply } from "../../agents/server/http-exchange.js";
import { identifyZoneAgent, signZoneAgentCsr } from "../certificates/zone-agent-certificate.js";
import { agentCredentials } from "../store/agent-credentials.js";
import { setAgentCertificate } from "../store/set-agent-certificate.js";
import { authenticateZoneAgent } from "./authenticate-zone-agent.js";

/**
 * `POST /agent/v1/zone/renew` `{csr}`: an enrolled agent trades its certificate, before it expires,
 * for a new one for a new key, bound to the same organization, zone and agent. From then on only
 * the new one is accepted. Under the agent's row lock, so that a revocation in between wins.
 */
export async function renew({ port, req, body: rawBody }: SelfAuthenticatingRequest): Promise<Reply> {
  const agent = await authenticateZoneAgent(port.db, req);
  const csr = stringField(objectBody(rawBody, "POST /agent/v1/zone/renew"), "csr", {
    maxLength: 16 * 1024,
  }) as string;
  const certificate = await port.db.transaction(async (tx) => {
    const now = await agentCredentials(tx, agent.agentId, { lock: true });
    if (!now || now.revokedAt || now.certSerial !== agent.certSerial)
      throw new HttpError(403, `agent ${agent.agentId} was revoked or renewed meanwhile`);
    let pem: string;
    try {
      pem = await signZoneAgentCsr(port.ca, csr, {
        organizationId: String(agent.organizationId),
        zoneId: String(agent.zoneId),
        agentId: String(agent.agentId),
        ttlMs: port.certificateTtlMs,
      });
    } catch (error) {
      if (error instanceof CsrRejectedError) throw new HttpError(400, error.message, {}, { cause: error });
      throw error;
    }
    await setAgentCertificate(tx, agent.agentId, identifyZoneAgent(new X509Certificate(pem)));
    return pem;
  });
  return { status: 200, json: { certificate } };
}
