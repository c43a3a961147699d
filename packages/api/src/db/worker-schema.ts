import { Logger, runMigrations } from "graphile-worker";
import type pg from "pg";

/**
 * Creates or upgrades graphile-worker's own `graphile_worker` schema. The API needs it before the
 * first `createTestRun`, because that mutation adds the run's first job with
 * `graphile_worker.add_job` inside its own transaction. Safe to call from several processes at once:
 * graphile-worker serialises its migrations with an advisory lock of its own.
 */
export async function installWorkerSchema(pool: pg.Pool): Promise<void> {
  try {
    await runMigrations({ pgPool: pool, logger: silentLogger });
  } catch (error) {
    throw new Error("Could not install graphile-worker's schema (graphile_worker) in the database", {
      cause: error,
    });
  }
}

/** graphile-worker narrates its migrations at info level; only its warnings and errors matter here. */
const silentLogger = new Logger(() => (level, message) => {
  if (level === "error" || level === "warning") console.warn(`graphile-worker: ${message}`);
});
