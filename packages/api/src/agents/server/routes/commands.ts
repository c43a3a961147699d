import { readCommands } from "../../commands/index.js";
import type { AgentRequest } from "../agent-port.js";
import { HttpError, type Reply } from "../http-exchange.js";

/**
 * `GET /agent/v1/commands?after=N`: the instance's commands after seq N, at once when there are
 * some, else as soon as some are queued, else `{commands: []}` after the hold (25 s). Nothing is
 * held open in the database while waiting: a notification of the run wakes the poll, which reads again.
 */
export async function commands({ port, agent, query, signal }: AgentRequest): Promise<Reply> {
  const after = Number(query.get("after") ?? "0");
  if (!Number.isSafeInteger(after) || after < 0)
    throw new HttpError(
      400,
      `"after" must be the seq of the last command received (0 for none), got ${JSON.stringify(query.get("after"))}`,
    );
  const deadline = Date.now() + port.pollHoldMs;
  for (;;) {
    const found = await readCommands(port.pool, agent.instanceId, after);
    const left = deadline - Date.now();
    if (found.length > 0 || left <= 0 || signal.aborted) return { status: 200, json: { commands: found } };
    await port.waiters.wait(agent.runId, left, signal);
  }
}
