import type pg from "pg";
import type { InstanceState } from "../db/schema/runs.js";
import type { RunStatus } from "../runs/status.js";

/** The phases of a coordinated run, in order (migrations/0003_coordination.sql). */
export type Phase = "initializing" | "running" | "stopping" | "teardown" | "releasing" | "done";

/** The statuses a run can end with. */
export type EndStatus = Exclude<RunStatus, "CREATED" | "VALIDATED" | "QUEUED" | "INITIALIZING" | "RUNNING">;

/** A state report of an agent as the agent port keeps it; `atMs` is the database's time of receipt. */
export interface AgentReport {
  state: "ready" | "running" | "finished" | "failed";
  detail?: string;
  exitCode?: number;
  iterations?: number;
  atMs: number;
}

/**
 * What the instance's provider said about it when the coordinator asked (the agent was silent):
 * `error` when the provider could not be asked or did not answer. `atMs` is the database's clock.
 */
export interface InstanceProbe {
  state: "running" | "exited" | "unknown" | "error";
  /** How it exited (exit code or signal), or the provider's error. */
  detail: string | null;
  atMs: number;
  /**
   * When the coordinator first asked during this silence: how long it has itself been watching
   * it (a coordinator that was down did not see the silence, and agents need a moment to reconnect).
   */
  sinceMs?: number;
}

/** Set when the run went on without the instance (`options.cloud.agentLoss: "continue"`). */
export interface InstanceLoss {
  reason: string;
  atMs: number;
}

/** What a run does when it loses an agent mid-test (`options.cloud.agentLoss`). */
export type AgentLossPolicy = "abort" | "continue";

/** One instance of the run, as the coordinator sees it. */
export interface InstanceView {
  id: number;
  zone: string;
  /** The zone's provider plugin, e.g. `local`. */
  provider: string;
  providerRef: string | null;
  state: InstanceState;
  /** Since the last sign of life (call-home or heartbeat), ms; null before the agent called home. */
  silentMs: number | null;
  /** The first `finished` or `failed` report: how the test ended on this instance. */
  ended: AgentReport | undefined;
  lastReport: AgentReport | undefined;
  /** The provider's latest answer about the instance, asked while the agent was silent. */
  probe?: InstanceProbe | undefined;
  /** Set once the run was continued without it. */
  lost?: InstanceLoss | undefined;
  /** What the instance waits for before an agent runs it (a private zone short of agents), if anything. */
  waiting?: string | undefined;
}

/** Everything the coordinator knows about a run, read in one go; times are the database's clock, ms. */
export interface RunView {
  runId: number;
  status: RunStatus;
  statusReason: string | null;
  /** The script's `options.thresholds` as validated; undefined when it has none. */
  thresholds: unknown;
  /** The longest the test may run by its options (the validate step's requirements); null: unbounded. */
  maxDurationMs: number | null;
  /** `options.cloud.agentLoss` as validated; `abort` when not set. */
  agentLoss: AgentLossPolicy;
  /** True once the run went on without an agent it lost. */
  degraded: boolean;
  nowMs: number;
  phase: Phase;
  readyDeadlineMs: number;
  setup: {
    instanceId: number | null;
    requestedAtMs: number | null;
    result: { data: unknown } | { error: string } | null;
  };
  startAtMs: number | null;
  thresholdsEvaluatedAtMs: number | null;
  end: {
    status: EndStatus;
    reason: string | null;
    detail: Record<string, unknown> | null;
    decidedAtMs: number;
  } | null;
  teardown: { instanceId: number | null; requestedAtMs: number | null };
  instances: InstanceView[];
}

const ms = (column: string) => `floor(extract(epoch from ${column}) * 1000)::float8`;

/** Reads a run's view, or undefined when the run is not coordinated (it was never allocated). */
export async function readRunView(pool: pg.Pool, runId: number): Promise<RunView | undefined> {
  const { rows } = await pool.query(
    `select t.status, t.status_reason, v.options->'thresholds' as thresholds, ${ms("now()")} as now_ms,
            (t.requirements->>'maxDurationMs')::float8 as max_duration_ms,
            v.options->'cloud'->>'agentLoss' as agent_loss, t.degraded,
            c.phase, ${ms("c.ready_deadline")} as ready_deadline_ms,
            c.setup_instance_id, ${ms("c.setup_requested_at")} as setup_requested_at_ms, c.setup_result,
            ${ms("c.start_at")} as start_at_ms, ${ms("c.thresholds_evaluated_at")} as thresholds_evaluated_at_ms,
            c.end_status, c.end_reason, c.end_detail, ${ms("c.end_decided_at")} as end_decided_at_ms,
            c.teardown_instance_id, ${ms("c.teardown_requested_at")} as teardown_requested_at_ms
       from run_coordination c
       join test_runs t on t.id = c.run_id
       join script_versions v on v.id = t.script_version_id
      where c.run_id = $1`,
    [runId],
  );
  const row = rows[0];
  if (!row) return undefined;
  const instances = await pool.query(
    `select i.id, z.name as zone, z.provider, i.provider_ref, i.state,
            (extract(epoch from now() - i.last_heartbeat_at) * 1000)::float8 as silent_ms,
            i.detail->'ended' as ended, i.detail->'lastReport' as last_report,
            i.detail->'probe' as probe, i.detail->'lost' as lost, i.detail->>'waiting' as waiting
       from run_instances i join load_zones z on z.id = i.load_zone_id
      where i.run_id = $1
      order by i.id`,
    [runId],
  );
  return {
    runId,
    status: row.status,
    statusReason: row.status_reason,
    thresholds: row.thresholds ?? undefined,
    maxDurationMs: row.max_duration_ms,
    agentLoss: row.agent_loss === "continue" ? "continue" : "abort",
    degraded: row.degraded === true,
    nowMs: row.now_ms,
    phase: row.phase,
    readyDeadlineMs: row.ready_deadline_ms,
    setup: {
      instanceId: optionalId(row.setup_instance_id),
      requestedAtMs: row.setup_requested_at_ms,
      result: row.setup_result,
    },
    startAtMs: row.start_at_ms,
    thresholdsEvaluatedAtMs: row.thresholds_evaluated_at_ms,
    end:
      row.end_status === null
        ? null
        : {
            status: row.end_status,
            reason: row.end_reason,
            detail: row.end_detail,
            decidedAtMs: row.end_decided_at_ms,
          },
    teardown: {
      instanceId: optionalId(row.teardown_instance_id),
      requestedAtMs: row.teardown_requested_at_ms,
    },
    instances: instances.rows.map((i) => ({
      id: Number(i.id),
      zone: i.zone,
      provider: i.provider,
      providerRef: i.provider_ref,
      state: i.state,
      silentMs: i.silent_ms,
      ended: i.ended ?? undefined,
      lastReport: i.last_report ?? undefined,
      probe: i.probe ?? undefined,
      lost: i.lost ?? undefined,
      waiting: i.waiting ?? undefined,
    })),
  };
}

/** bigint columns arrive as strings from node-postgres. */
function optionalId(value: string | null): number | null {
  return value === null ? null : Number(value);
}
