import type { InstanceState } from "../../../db/schema/runs.js";
import { AGENT_EVENTS_CHANNEL } from "../../channels.js";
import type { AgentRequest } from "../agent-port.js";
import { numberField, objectBody, stringField } from "../body-fields.js";
import { HttpError, type Reply } from "../http-exchange.js";

const REPORTED_STATES = {
  ready: "READY",
  running: "RUNNING",
  finished: "FINISHED",
  failed: "FAILED",
} as const satisfies Record<string, InstanceState>;

/**
 * The states from which each reported state may be entered. An instance never goes back: a late
 * report is recorded but leaves the state as it is. FINISHED and FAILED may follow each other,
 * since an agent reports again after `teardown()`.
 */
const ENTERED_FROM: Record<InstanceState, readonly InstanceState[]> = {
  REQUESTED: [],
  STARTING: [],
  CALLED_HOME: [],
  READY: ["CALLED_HOME", "READY"],
  RUNNING: ["CALLED_HOME", "READY", "RUNNING"],
  FINISHED: ["CALLED_HOME", "READY", "RUNNING", "FINISHED", "FAILED"],
  FAILED: ["CALLED_HOME", "READY", "RUNNING", "FINISHED", "FAILED"],
  RELEASED: [],
};

/**
 * `POST /agent/v1/state` `{state, detail?, vus?, iterations?, exitCode?}`: moves the instance to
 * the reported state and keeps the report in `run_instances.detail`: `lastReport` always, `ended`
 * for the first `finished` or `failed` (how the test ended there; a later report is about
 * teardown), each with `atMs`, the database's time of receipt. The coordinator is told through
 * {@link AGENT_EVENTS_CHANNEL} in the same statement.
 */
export async function state({ port, agent, body: rawBody }: AgentRequest): Promise<Reply> {
  const route = "POST /agent/v1/state";
  const body = objectBody(rawBody, route);
  const reported = stringField(body, "state", { maxLength: 16 }) as string;
  if (!Object.hasOwn(REPORTED_STATES, reported))
    throw new HttpError(400, `field "state" must be one of ${Object.keys(REPORTED_STATES).join(", ")}`);
  const next = REPORTED_STATES[reported as keyof typeof REPORTED_STATES];
  const report = {
    state: reported,
    detail: stringField(body, "detail", { maxLength: 8192, optional: true }),
    vus: numberField(body, "vus", { optional: true }),
    iterations: numberField(body, "iterations", { optional: true }),
    exitCode: numberField(body, "exitCode", { optional: true }),
  };
  const ended = next === "FINISHED" || next === "FAILED";
  await port.pool.query(
    `with report as (
       select $2::jsonb || jsonb_build_object('atMs', floor(extract(epoch from clock_timestamp()) * 1000)) as r
     ), updated as (
       update run_instances
          set state = case when state = any($3::text[]) then $4 else state end,
              detail = coalesce(detail, '{}') || jsonb_build_object('lastReport', (select r from report))
                || case when $5 and not (coalesce(detail, '{}') ? 'ended')
                        then jsonb_build_object('ended', (select r from report)) else '{}' end
        where id = $1 and state <> 'RELEASED'
       returning run_id
     )
     select pg_notify($6, json_build_object('runId', run_id)::text) from updated`,
    [agent.instanceId, JSON.stringify(report), ENTERED_FROM[next], next, ended, AGENT_EVENTS_CHANNEL],
  );
  return { status: 200, json: {} };
}
