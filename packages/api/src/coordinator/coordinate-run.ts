import { consoleLogger, type Logger } from "@barrage/runner";
import type pg from "pg";
import { createDb } from "../db/database.js";
import { applyStep, type CoordinatorDeps } from "./apply-step.js";
import { beginCoordination } from "./begin-coordination.js";
import { nextStep } from "./next-step.js";
import type { ProviderRegistry } from "./providers.js";
import { readRunView } from "./run-view.js";
import { type CoordinatorTuning, DEFAULT_TUNING } from "./tuning.js";

/** What coordinating runs needs besides the database. */
export interface CoordinateOptions {
  /** The provider plugins, to release instances at the end. */
  providers: ProviderRegistry;
  logger?: Logger;
  tuning?: Partial<CoordinatorTuning>;
  /**
   * Judges a started run's data once its agents have delivered everything, before the run takes
   * its end status, so that clients that wait for the status find the verdicts (the platform
   * computes the final insights here). A failure is logged; it does not change how the run ends.
   */
  judgeRun?: (runId: number) => Promise<void>;
}

/** What one call of {@link coordinateRun} left: done for good, or look again in `recheckInMs`. */
export type CoordinationOutcome = { done: true } | { done: false; recheckInMs: number };

/** A round stops after this many steps even if there is more to do, so that one run cannot hog a worker. */
const MAX_STEPS_PER_ROUND = 20;

/**
 * Coordinates a run as far as it can go now (design.md, steps 8 to 11): reads the run's state from
 * PostgreSQL, takes the next steps ({@link nextStep}), and returns when it has to wait for agents or
 * time, or when the run is over. All state is in the database, so any process may call it at any
 * time (a graphile-worker task that re-schedules itself after `recheckInMs`, or the loop of
 * `startCoordinator`), and a run carries on after a restart. A session advisory lock per run lets
 * one caller work at a time; the others return at once and look again later. A run still in the
 * pipeline (not yet INITIALIZING) is `done` at once: the allocate step hands it over when it is time.
 *
 * @example
 * const outcome = await coordinateRun(pool, runId, { providers });
 * if (!outcome.done) await helpers.addJob("coordinate", { runId }, { runAt: new Date(Date.now() + outcome.recheckInMs) });
 */
export async function coordinateRun(
  pool: pg.Pool,
  runId: number,
  options: CoordinateOptions,
): Promise<CoordinationOutcome> {
  const tuning = { ...DEFAULT_TUNING, ...options.tuning };
  const deps: CoordinatorDeps = {
    pool,
    db: createDb(pool),
    providers: options.providers,
    logger: options.logger ?? consoleLogger,
    ...(options.judgeRun && { judgeRun: options.judgeRun }),
  };
  const lock = await pool.connect();
  let broken: Error | undefined;
  try {
    const { rows } = await lock.query<{ locked: boolean }>(
      `select pg_try_advisory_lock(hashtextextended('barrage.coordinate:' || $1::text, 0)) as locked`,
      [runId],
    );
    if (!rows[0]?.locked) return { done: false, recheckInMs: tuning.recheckMs };
    try {
      return await round(deps, runId, tuning);
    } finally {
      await lock
        .query(`select pg_advisory_unlock(hashtextextended('barrage.coordinate:' || $1::text, 0))`, [runId])
        .catch((error: Error) => {
          // Closing the connection ends the session, and with it the lock.
          broken = error;
        });
    }
  } finally {
    lock.release(broken);
  }
}

async function round(
  deps: CoordinatorDeps,
  runId: number,
  tuning: CoordinatorTuning,
): Promise<CoordinationOutcome> {
  if (!(await beginCoordination(deps.pool, runId, tuning.readyTimeoutMs))) return { done: true };
  for (let steps = 0; steps < MAX_STEPS_PER_ROUND; steps++) {
    const view = await readRunView(deps.pool, runId);
    if (!view) return { done: true };
    const step = nextStep(view, tuning);
    if (step.kind === "done") return { done: true };
    if (step.kind === "wait") return { done: false, recheckInMs: step.recheckInMs };
    await applyStep(deps, view, step);
  }
  return { done: false, recheckInMs: 0 };
}
