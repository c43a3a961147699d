import { ObjectNotFoundError } from "../../../storage/index.js";
import type { AgentRequest } from "../agent-port.js";
import { HttpError, type Reply } from "../http-exchange.js";

/** `GET /agent/v1/archive`: the bytes of the run's archive from the object store; the agent checks their SHA-256. */
export async function archive({ port, agent }: AgentRequest): Promise<Reply> {
  const { rows } = await port.pool.query<{ storage_key: string }>(
    `select a.storage_key
       from test_runs t
       join script_versions v on v.id = t.script_version_id
       join archives a on a.sha256 = v.archive_sha256
      where t.id = $1`,
    [agent.runId],
  );
  const key = rows[0]?.storage_key;
  if (!key)
    throw new HttpError(
      409,
      `run ${agent.runId} has no archive yet: it was allocated before its archive step`,
    );
  try {
    return { status: 200, bytes: await port.objectStore.get(key) };
  } catch (error) {
    if (error instanceof ObjectNotFoundError)
      throw new Error(`the archive of run ${agent.runId} is missing from the object store (key "${key}")`, {
        cause: error,
      });
    throw error;
  }
}
