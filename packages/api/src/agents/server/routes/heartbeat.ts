import type { AgentRequest } from "../agent-port.js";
import { numberField, objectBody } from "../body-fields.js";
import type { Reply } from "../http-exchange.js";

/**
 * `POST /agent/v1/heartbeat` `{cpuPercent, memoryBytes}`: the instance is alive now
 * (`last_heartbeat_at`, which the coordinator watches), and its load is kept in `detail.heartbeat`.
 */
export async function heartbeat({ port, agent, body: rawBody }: AgentRequest): Promise<Reply> {
  const body = objectBody(rawBody, "POST /agent/v1/heartbeat");
  const load = { cpuPercent: numberField(body, "cpuPercent"), memoryBytes: numberField(body, "memoryBytes") };
  await port.pool.query(
    `update run_instances
        set last_heartbeat_at = now(), detail = coalesce(detail, '{}') || jsonb_build_object('heartbeat', $2::jsonb)
      where id = $1`,
    [agent.instanceId, JSON.stringify(load)],
  );
  return { status: 200, json: {} };
}
