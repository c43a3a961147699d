import { X509Certificate } from "node:crypto";
import { CsrRejectedError } from "../../agents/ca/index.js";
import type { SelfAuthenticatingRequest } from "../../agents/server/agent-port.js";
import { numberField, objectBody, stringField } from "../../agents/server/body-fields.js";
import { HttpError, type Reply } from "../../agents/server/http-exchange.js";
import { hashToken } from "../../auth/token.js";
import { ZONE_HEARTBEAT_INTERVAL_MS } from "../agent-state.js";
import { identifyZoneAgent, signZoneAgentCsr } from "../certificates/zone-agent-certificate.js";
import { isWellFormedEnrolmentToken } from "../enrolment-token.js";
import { findEnrolment } from "../store/find-enrolment.js";
import { insertZoneAgent } from "../store/insert-zone-agent.js";
import { setAgentCertificate } from "../store/set-agent-certificate.js";
import { MAX_VUS_PER_AGENT } from "../zone-input.js";

/**
 * `POST /agent/v1/zone/enrol` `{token, csr, zone, name, version, capacityVus?}`, without a client
 * certificate: an agent joins a private zone. The enrolment token (found by its SHA-256, in force)
 * names the zone, which must be the one the agent was told to join (`zone`: a wrong token fails
 * here rather than putting the machine in another zone). In one transaction the agent is recorded
 * (seen now, IDLE) and its CSR signed into a certificate bound to (organization, zone, agent). A
 * CSR that cannot be signed leaves nothing behind. Answers the certificate, the CA, the agent's id,
 * its capacity (the zone's VUs per agent unless it gave its own) and the heartbeat interval.
 */
export async function enrol({ port, body: rawBody }: SelfAuthenticatingRequest): Promise<Reply> {
  const route = "POST /agent/v1/zone/enrol";
  const body = objectBody(rawBody, route);
  const token = stringField(body, "token", { maxLength: 256 }) as string;
  const csr = stringField(body, "csr", { maxLength: 16 * 1024 }) as string;
  const zone = stringField(body, "zone", { maxLength: 64 }) as string;
  const name = stringField(body, "name", { maxLength: 128 }) as string;
  const version = stringField(body, "version", { maxLength: 64 }) as string;
  const capacity = numberField(body, "capacityVus", { optional: true });
  if (capacity !== undefined && (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_VUS_PER_AGENT))
    throw new HttpError(400, `field "capacityVus" must be a whole number from 1 to ${MAX_VUS_PER_AGENT}`);
  if (!isWellFormedEnrolmentToken(token))
    throw new HttpError(
      401,
      "this is not an enrolment token: they start with brz_ (createPrivateLoadZone gives one)",
    );
  const answer = await port.db.transaction(async (tx) => {
    const enrolment = await findEnrolment(tx, hashToken(token));
    if (!enrolment) throw new HttpError(401, "unknown or revoked enrolment token");
    if (enrolment.zoneName !== zone)
      throw new HttpError(
        403,
        `this enrolment token is for private zone "${enrolment.zoneName}", not "${zone}"; start the agent with --zone ${enrolment.zoneName} or use that zone's token`,
      );
    const capacityVus = capacity ?? enrolment.vusPerAgent;
    const agentId = await insertZoneAgent(tx, {
      zoneId: enrolment.zoneId,
      enrolmentTokenId: enrolment.tokenId,
      name,
      version,
      capacityVus,
    });
    let certificate: string;
    try {
      certificate = await signZoneAgentCsr(port.ca, csr, {
        organizationId: String(enrolment.organizationId),
        zoneId: String(enrolment.zoneId),
        agentId: String(agentId),
        ttlMs: port.certificateTtlMs,
      });
    } catch (error) {
      if (error instanceof CsrRejectedError) throw new HttpError(400, error.message, {}, { cause: error });
      throw error;
    }
    await setAgentCertificate(tx, agentId, identifyZoneAgent(new X509Certificate(certificate)));
    return {
      certificate,
      caCertificate: port.ca.certificatePem,
      agentId: String(agentId),
      zone: enrolment.zoneName,
      organizationId: String(enrolment.organizationId),
      vusPerAgent: enrolment.vusPerAgent,
      capacityVus,
      heartbeatIntervalMs: ZONE_HEARTBEAT_INTERVAL_MS,
    };
  });
  port.logger.info(`agent port: agent ${answer.agentId} (${name}) enrolled in private zone ${answer.zone}`);
  return { status: 200, json: answer };
}
