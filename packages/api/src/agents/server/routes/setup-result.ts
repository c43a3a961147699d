import { sql } from "drizzle-orm";
import { notifyAgentEvent } from "../../channels.js";
import type { AgentRequest } from "../agent-port.js";
import { objectBody, stringField } from "../body-fields.js";
import { HttpError, type Reply } from "../http-exchange.js";

/**
 * `POST /agent/v1/setup-result` `{data}` or `{error}`: stored for the coordinator, only from the
 * instance it asked to run `setup()`, and only the first time; a report sent again (a retry after
 * a lost answer) is answered with success and changes nothing.
 */
export async function setupResult({ port, agent, body: rawBody }: AgentRequest): Promise<Reply> {
  const route = "POST /agent/v1/setup-result";
  const body = objectBody(rawBody, route);
  const result =
    "error" in body
      ? { error: stringField(body, "error", { maxLength: 65_536 }) }
      : "data" in body
        ? { data: body.data }
        : undefined;
  if (!result) throw new HttpError(400, `${route}: the body must be {"data": ...} or {"error": "..."}`);
  await port.db.transaction(async (tx) => {
    const stored = await tx.execute(sql`
      update run_coordination set setup_result = ${JSON.stringify(result)}::jsonb, updated_at = now()
       where run_id = ${agent.runId} and setup_instance_id = ${agent.instanceId} and setup_result is null
      returning run_id`);
    if (stored.rows.length > 0) return notifyAgentEvent(tx, agent.runId);
    const asked = await tx.execute(sql`
      select 1 from run_coordination where run_id = ${agent.runId} and setup_instance_id = ${agent.instanceId}`);
    if (asked.rows.length === 0)
      throw new HttpError(
        409,
        `instance ${agent.instanceId} was not asked to run setup() for run ${agent.runId}`,
      );
  });
  return { status: 200, json: {} };
}
