import { consoleLogger } from "@barrage/runner";
import type pg from "pg";
import { AGENT_EVENTS_CHANNEL, describeError, listen, runIdOfNotification } from "../agents/index.js";
import { RUN_CHANNEL } from "../runs/notify.js";
import { type CoordinateOptions, coordinateRun } from "./coordinate-run.js";

/** Options of {@link startCoordinator}. */
export interface CoordinatorOptions extends CoordinateOptions {
  pool: pg.Pool;
  /** How often to look for runs allocated by other processes that nothing announced here, ms (default 5 s). */
  scanIntervalMs?: number;
}

/** A running coordinator loop. */
export interface Coordinator {
  /** Stops the loop after the rounds in flight; runs carry on wherever the coordinator runs next. */
  close(): Promise<void>;
}

/** After a round failed (database unreachable, provider error), when to try that run again, ms. */
const RETRY_AFTER_ERROR_MS = 2000;

interface RunSlot {
  timer: NodeJS.Timeout | undefined;
  inFlight: Promise<void> | undefined;
  /** Notified while a round was in flight: go again right after it. */
  again: boolean;
}

/**
 * Coordinates every run that needs it, in this process: calls {@link coordinateRun} for a run at
 * once when one of its agents reports something or its status changes (PostgreSQL notifications on
 * `barrage_agent` and `barrage_run`, so agents may talk to another process), and otherwise when the
 * round asked to look again (heartbeat deadlines, threshold evaluations). At start-up, and every
 * `scanIntervalMs`, it picks up the runs still in progress from the database: a restarted process
 * carries on where the last one stopped. Several processes may run it; each run is worked on by
 * one at a time.
 *
 * @example
 * const coordinator = await startCoordinator({ pool, providers, logger });
 * // runs that become INITIALIZING (the allocate step) are picked up through their notification
 */
export async function startCoordinator(options: CoordinatorOptions): Promise<Coordinator> {
  const { pool } = options;
  const logger = options.logger ?? consoleLogger;
  const slots = new Map<number, RunSlot>();
  let closed = false;

  const schedule = (runId: number, delayMs: number): void => {
    const slot = slots.get(runId) ?? { timer: undefined, inFlight: undefined, again: false };
    slots.set(runId, slot);
    if (slot.inFlight) {
      if (delayMs === 0) slot.again = true;
      return;
    }
    clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      slot.inFlight = runRound(runId, slot);
    }, delayMs);
  };

  const runRound = async (runId: number, slot: RunSlot): Promise<void> => {
    let next: number | undefined;
    try {
      const outcome = await coordinateRun(pool, runId, { ...options, logger });
      next = outcome.done ? undefined : outcome.recheckInMs;
    } catch (error) {
      logger.error(
        `coordinator: run ${runId}: ${describeError(error)}; trying again in ${RETRY_AFTER_ERROR_MS} ms`,
      );
      next = RETRY_AFTER_ERROR_MS;
    }
    slot.inFlight = undefined;
    const again = slot.again;
    slot.again = false;
    if (closed) return;
    if (again) schedule(runId, 0);
    else if (next === undefined) slots.delete(runId);
    else schedule(runId, next);
  };

  const scan = async (): Promise<void> => {
    try {
      const { rows } = await pool.query<{ run_id: string }>(
        `select id as run_id from test_runs where status in ('INITIALIZING', 'RUNNING')
         union select run_id from run_coordination where phase <> 'done'`,
      );
      for (const row of rows) if (!slots.has(Number(row.run_id))) schedule(Number(row.run_id), 0);
    } catch (error) {
      logger.error(`coordinator: cannot look for runs in progress: ${describeError(error)}`);
    }
  };

  const listener = await listen(
    pool,
    [AGENT_EVENTS_CHANNEL, RUN_CHANNEL],
    (_channel, payload) => {
      const runId = runIdOfNotification(payload);
      if (runId !== undefined && !closed) schedule(runId, 0);
    },
    { onResume: () => void scan(), log: (message) => logger.warn(`coordinator: ${message}`) },
  );
  await scan();
  const scanner = setInterval(() => void scan(), options.scanIntervalMs ?? 5000);

  return {
    close: async () => {
      closed = true;
      clearInterval(scanner);
      for (const slot of slots.values()) clearTimeout(slot.timer);
      await Promise.all([...slots.values()].map((slot) => slot.inFlight));
      await listener.close();
    },
  };
}
