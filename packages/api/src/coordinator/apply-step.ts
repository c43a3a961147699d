import { type Logger, ThresholdError } from "@barrage/runner";
import { sql } from "drizzle-orm";
import type pg from "pg";
import { type AgentCommand, issueCommands } from "../agents/index.js";
import type { Db } from "../db/database.js";
import type { RunResult } from "../db/schema/runs.js";
import { evaluateRunThresholds } from "../metrics/index.js";
import { IllegalRunTransitionError, isTerminal, transitionRun } from "../runs/status.js";
import { dropInstances } from "./drop-instances.js";
import type { Step } from "./next-step.js";
import { probeInstances } from "./probe-instances.js";
import type { ProviderRegistry } from "./providers.js";
import { releaseInstances } from "./release-instances.js";
import type { RunView } from "./run-view.js";

/** What carrying out a step needs. */
export interface CoordinatorDeps {
  pool: pg.Pool;
  db: Db;
  providers: ProviderRegistry;
  logger: Logger;
  judgeRun?: (runId: number) => Promise<void>;
}

type StepOf<K extends Step["kind"]> = Extract<Step, { kind: K }>;

/**
 * Carries out one step of {@link nextStep}. The commands of a step are queued in the transaction
 * that moves the run's coordination on, under a condition on where it was, so that a step applied
 * twice (a retried task) sends nothing twice and a crash leaves either both or neither.
 */
export async function applyStep(deps: CoordinatorDeps, view: RunView, step: Step): Promise<void> {
  switch (step.kind) {
    case "end":
      return recordEnd(deps, view.runId, step);
    case "request-setup":
      return requestSetup(deps, view.runId, step.instanceId);
    case "start":
      return start(deps, view.runId, step);
    case "mark-running":
      return setRunning(deps, view.runId);
    case "probe":
      return probeInstances(
        deps.pool,
        deps.providers,
        view.instances.filter((i) => step.instanceIds.includes(i.id)),
      );
    case "drop-instances":
      return dropInstances(deps, view.runId, step.lost);
    case "evaluate-thresholds":
      return evaluateThresholds(deps, view, step);
    case "request-teardown":
      return requestTeardown(deps, view.runId, step.instanceId);
    case "finalize":
      return finalize(deps, view, step.teardown);
    case "release":
      return release(deps, view);
    case "wait":
    case "done":
      return;
  }
}

async function recordEnd(deps: CoordinatorDeps, runId: number, step: StepOf<"end">): Promise<void> {
  const recorded = await deps.db.transaction(async (tx) => {
    const updated = await tx.execute(sql`
      update run_coordination
         set phase = 'stopping', end_status = ${step.status}, end_reason = ${step.reason},
             end_detail = ${JSON.stringify(step.detail)}::jsonb, end_decided_at = now(), updated_at = now()
       where run_id = ${runId} and phase in ('initializing', 'running')
      returning run_id`);
    if (updated.rows.length === 0) return false;
    const reason = step.reason ?? step.status;
    await issueCommands(
      tx,
      runId,
      step.stop.map((instanceId) => ({ instanceId, command: { type: "stop", reason } })),
    );
    return true;
  });
  if (!recorded) return;
  const message = `coordinator: run ${runId} ends ${step.status}${step.reason ? `: ${step.reason}` : ""}`;
  if (step.status === "FINISHED") deps.logger.info(message);
  else deps.logger.warn(message);
}

async function requestSetup(deps: CoordinatorDeps, runId: number, instanceId: number): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const requested = await tx.execute(sql`
      update run_coordination set setup_instance_id = ${instanceId}, setup_requested_at = now(), updated_at = now()
       where run_id = ${runId} and phase = 'initializing' and setup_instance_id is null
      returning run_id`);
    if (requested.rows.length > 0)
      await issueCommands(tx, runId, [{ instanceId, command: { type: "run-setup" } }]);
  });
}

async function start(deps: CoordinatorDeps, runId: number, step: StepOf<"start">): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const started = await tx.execute(sql`
      update run_coordination set phase = 'running', start_at = to_timestamp(${step.atEpochMs} / 1000.0), updated_at = now()
       where run_id = ${runId} and phase = 'initializing'
      returning run_id`);
    if (started.rows.length === 0) return;
    const commands: AgentCommand[] = [
      { type: "set-setup-data", data: step.data },
      { type: "start", atEpochMs: step.atEpochMs },
    ];
    await issueCommands(
      tx,
      runId,
      step.instanceIds.flatMap((instanceId) => commands.map((command) => ({ instanceId, command }))),
    );
  });
  await setRunning(deps, runId);
}

/** RUNNING once the start is commanded; a run stopped meanwhile keeps its status, and the next round sees it. */
async function setRunning(deps: CoordinatorDeps, runId: number): Promise<void> {
  try {
    await transitionRun(deps.db, runId, "RUNNING", null);
  } catch (error) {
    if (!(error instanceof IllegalRunTransitionError)) throw error;
  }
}

async function evaluateThresholds(
  deps: CoordinatorDeps,
  view: RunView,
  step: StepOf<"evaluate-thresholds">,
): Promise<void> {
  const runId = view.runId;
  let abort: string | undefined;
  try {
    const round = await evaluateRunThresholds(deps.pool, runId, view.thresholds, step.elapsedMs, "periodic");
    abort = round.abort?.message;
  } catch (error) {
    if (!(error instanceof ThresholdError)) throw error;
    return recordEnd(deps, runId, {
      kind: "end",
      status: "ABORTED_BY_SCRIPT_ERROR",
      reason: `the thresholds cannot be evaluated: ${error.message}`,
      detail: {},
      stop: step.stop,
    });
  }
  await deps.pool.query(`update run_coordination set thresholds_evaluated_at = now() where run_id = $1`, [
    runId,
  ]);
  if (abort !== undefined)
    await recordEnd(deps, runId, {
      kind: "end",
      status: "ABORTED_BY_THRESHOLD",
      reason: abort,
      detail: {},
      stop: step.stop,
    });
}

async function requestTeardown(deps: CoordinatorDeps, runId: number, instanceId: number): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const requested = await tx.execute(sql`
      update run_coordination
         set phase = 'teardown', teardown_instance_id = ${instanceId}, teardown_requested_at = now(), updated_at = now()
       where run_id = ${runId} and phase = 'stopping'
      returning run_id`);
    if (requested.rows.length > 0)
      await issueCommands(tx, runId, [{ instanceId, command: { type: "run-teardown" } }]);
  });
}

/**
 * The final threshold evaluation on everything the agents delivered (they report the end only
 * once their metrics are in), the run's result, and `stop` to every agent still there, which after
 * the end of its test means "released: exit".
 */
async function finalize(deps: CoordinatorDeps, view: RunView, teardown: string | null): Promise<void> {
  const runId = view.runId;
  let result: RunResult | null = null;
  if (view.startAtMs !== null) {
    const endedAtMs = view.end?.decidedAtMs ?? view.nowMs;
    try {
      const round = await evaluateRunThresholds(
        deps.pool,
        runId,
        view.thresholds,
        Math.max(0, endedAtMs - view.startAtMs),
        "final",
      );
      result = round.ok ? "PASSED" : "FAILED";
    } catch (error) {
      if (!(error instanceof ThresholdError)) throw error;
      deps.logger.error(
        `coordinator: run ${runId}: the final thresholds cannot be evaluated: ${error.message}`,
      );
      result = "ERROR";
    }
  }
  if (view.startAtMs !== null && deps.judgeRun) {
    await deps
      .judgeRun(runId)
      .catch((error: Error) =>
        deps.logger.error(`coordinator: run ${runId}: its data could not be judged: ${error.message}`),
      );
  }
  const reason = `released: the run is over (${view.end?.status ?? view.status})`;
  const agents = view.instances.filter((i) => !["REQUESTED", "STARTING", "RELEASED"].includes(i.state));
  await deps.db.transaction(async (tx) => {
    const finalized = await tx.execute(sql`
      update run_coordination
         set phase = 'releasing', updated_at = now(),
             end_detail = coalesce(end_detail, '{}') || ${JSON.stringify(teardown === null ? {} : { teardown })}::jsonb
       where run_id = ${runId} and phase in ('stopping', 'teardown')
      returning run_id`);
    if (finalized.rows.length === 0) return;
    await tx.execute(sql`update test_runs set result = ${result} where id = ${runId}`);
    await issueCommands(
      tx,
      runId,
      agents.map((i) => ({ instanceId: i.id, command: { type: "stop", reason } })),
    );
  });
}

/** The end status (unless the run was ended from outside, e.g. by a user), then the providers free the instances. */
async function release(deps: CoordinatorDeps, view: RunView): Promise<void> {
  const { runId, end } = view;
  if (end && !isTerminal(view.status)) {
    try {
      await transitionRun(deps.db, runId, end.status, end.reason, end.detail ?? undefined);
    } catch (error) {
      // Ended from outside since this round read the run: that status stands.
      if (!(error instanceof IllegalRunTransitionError)) throw error;
    }
  }
  await releaseInstances(deps.pool, runId, deps.providers);
  await deps.pool.query(`update run_coordination set phase = 'done', updated_at = now() where run_id = $1`, [
    runId,
  ]);
  deps.logger.info(`coordinator: run ${runId} is over; its instances are released`);
}
