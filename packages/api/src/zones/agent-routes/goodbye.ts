import type { SelfAuthenticatingRequest } from "../../agents/server/agent-port.js";
import type { Reply } from "../../agents/server/http-exchange.js";
import { sayGoodbye } from "../store/say-goodbye.js";
import { authenticateZoneAgent } from "./authenticate-zone-agent.js";

/** `POST /agent/v1/zone/goodbye` `{}`: the agent is stopping; it shows OFFLINE at once instead of after missed heartbeats. */
export async function goodbye({ port, req }: SelfAuthenticatingRequest): Promise<Reply> {
  const agent = await authenticateZoneAgent(port.db, req);
  await sayGoodbye(port.db, agent.agentId);
  return { status: 200, json: {} };
}
