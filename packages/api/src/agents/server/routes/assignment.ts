import { toGlobalId } from "../../../graphql/global-id.js";
import type { AgentRequest } from "../agent-port.js";
import { HttpError, type Reply } from "../http-exchange.js";

/**
 * `GET /agent/v1/assignment`: the instance's execution segment of the run's sequence, the archive
 * to run and the script's `__ENV`: the run's `env` (an object of strings) and k6 Cloud's execution
 * context variables, K6_CLOUDRUN_LOAD_ZONE, K6_CLOUDRUN_INSTANCE_ID (0, 1, ... within the run),
 * K6_CLOUDRUN_DISTRIBUTION (the distribution label of the zone) and K6_CLOUDRUN_TEST_RUN_ID.
 */
export async function assignment({ port, agent }: AgentRequest): Promise<Reply> {
  const { rows } = await port.pool.query<{
    segment: string;
    sequence: string;
    archive_sha256: string | null;
    env: unknown;
    ordinal: string;
    label: string | null;
  }>(
    `select i.segment, i.sequence, v.archive_sha256, t.env,
            (select count(*) from run_instances o where o.run_id = i.run_id and o.id < i.id) as ordinal,
            (select d.key from jsonb_each(coalesce(t.distribution, '{}')) as d
              where d.value->>'loadZone' = $2 order by d.key limit 1) as label
       from run_instances i
       join test_runs t on t.id = i.run_id
       join script_versions v on v.id = t.script_version_id
      where i.id = $1`,
    [agent.instanceId, agent.zone],
  );
  const row = rows[0];
  if (!row) throw new HttpError(403, `instance ${agent.instanceId} does not exist`);
  if (!row.archive_sha256)
    throw new HttpError(
      409,
      `run ${agent.runId} has no archive yet: it was allocated before its archive step`,
    );
  return {
    status: 200,
    json: {
      runId: String(agent.runId),
      instanceId: String(agent.instanceId),
      zone: agent.zone,
      segment: row.segment,
      sequence: row.sequence,
      archiveSha256: row.archive_sha256,
      env: {
        ...stringEntries(row.env),
        K6_CLOUDRUN_LOAD_ZONE: agent.zone,
        K6_CLOUDRUN_INSTANCE_ID: row.ordinal,
        ...(row.label !== null && { K6_CLOUDRUN_DISTRIBUTION: row.label }),
        K6_CLOUDRUN_TEST_RUN_ID: toGlobalId("TestRun", agent.runId),
      },
      aggregationPeriodMs: port.aggregationPeriodMs,
    },
  };
}

/** Only string values reach `__ENV`, whatever a row was written with. */
function stringEntries(env: unknown): Record<string, string> {
  if (typeof env !== "object" || env === null) return {};
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}
