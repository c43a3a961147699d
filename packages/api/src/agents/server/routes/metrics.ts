import { BatchRejected } from "../../../metrics/index.js";
import type { AgentRequest } from "../agent-port.js";
import { HttpError, type Reply } from "../http-exchange.js";

/**
 * `POST /agent/v1/metrics`: one metric-stream document into the metric store, which drops a
 * duplicate `(run, instance, seq)` and answers it with success; a malformed document is 400 with
 * the field at fault. The run, instance and zone come from the agent's certificate, never from the
 * document: every point is stored under this agent and tagged with its `load_zone`.
 */
export async function metrics({ port, agent, body }: AgentRequest): Promise<Reply> {
  try {
    return {
      status: 200,
      json: await port.ingest({ runId: agent.runId, instanceId: agent.instanceId, zone: agent.zone }, body),
    };
  } catch (error) {
    if (error instanceof BatchRejected)
      throw new HttpError(400, error.message, { field: error.field }, { cause: error });
    throw error;
  }
}
