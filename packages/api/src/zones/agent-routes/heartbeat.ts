import type { SelfAuthenticatingRequest } from "../../agents/server/agent-port.js";
import { numberField, objectBody, stringField } from "../../agents/server/body-fields.js";
import { HttpError, type Reply } from "../../agents/server/http-exchange.js";
import { recordHeartbeat } from "../store/record-heartbeat.js";
import { MAX_VUS_PER_AGENT } from "../zone-input.js";
import { authenticateZoneAgent } from "./authenticate-zone-agent.js";

/**
 * `POST /agent/v1/zone/heartbeat` `{version, capacityVus}` every few seconds (the enrol answer's
 * `heartbeatIntervalMs`): the agent is online, with this version and capacity. Answers
 * `{cancel: [instanceId]}`: instances it holds that the platform released, which it stops.
 */
export async function heartbeat({ port, req, body: rawBody }: SelfAuthenticatingRequest): Promise<Reply> {
  const agent = await authenticateZoneAgent(port.db, req);
  const body = objectBody(rawBody, "POST /agent/v1/zone/heartbeat");
  const version = stringField(body, "version", { maxLength: 64 }) as string;
  const capacityVus = numberField(body, "capacityVus") as number;
  if (!Number.isInteger(capacityVus) || capacityVus < 1 || capacityVus > MAX_VUS_PER_AGENT)
    throw new HttpError(400, `field "capacityVus" must be a whole number from 1 to ${MAX_VUS_PER_AGENT}`);
  const answer = await recordHeartbeat(port.db, agent.agentId, { version, capacityVus });
  if (!answer) throw new HttpError(403, `agent ${agent.agentId} was revoked`);
  return { status: 200, json: { cancel: answer.cancel.map(String) } };
}
