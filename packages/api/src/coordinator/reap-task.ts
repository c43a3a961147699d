import type { Task } from "graphile-worker";
import type pg from "pg";
import { isTerminal, type RunStatus } from "../runs/status.js";
import type { ProviderRegistry } from "./providers.js";
import { releaseInstances } from "./release-instances.js";

/** The graphile-worker task that cleans up after runs; schedule it every minute. */
export const REAP_TASK = "reap";

/** Options of {@link reapTask}. */
export interface ReapTaskOptions {
  pool: pg.Pool;
  providers: ProviderRegistry;
  /**
   * How long after a run ended its instances may stay unreleased before the reaper releases them,
   * ms (default 60 s): the coordinator releases them itself within seconds, unless it died.
   */
  graceMs?: number;
}

/**
 * The cleanup of design.md's step 11, behind the coordinator: releases the instances of runs that
 * ended more than `graceMs` ago and still hold some (a coordinator that crashed between the end
 * status and the release), then lets every provider with instances outside this process (cloud
 * machines) end those whose run is over or unknown. Idempotent, so a schedule of one a minute
 * makes "nothing left running, nothing billed without a run" hold within minutes of any crash.
 *
 * @example run({ pgPool, taskList: { reap: reapTask({ pool, providers }) }, crontab: "* * * * * reap" })
 */
export function reapTask(options: ReapTaskOptions): Task {
  const graceMs = options.graceMs ?? 60_000;
  return async (_payload, helpers) => {
    const { pool, providers } = options;
    const { rows } = await pool.query<{ run_id: string }>(
      `select distinct i.run_id
         from run_instances i join test_runs t on t.id = i.run_id
        where i.state <> 'RELEASED'
          and t.ended_at is not null and t.ended_at < now() - make_interval(secs => $1::float8 / 1000)`,
      [graceMs],
    );
    const failures: string[] = [];
    for (const { run_id } of rows) {
      try {
        await releaseInstances(pool, Number(run_id), providers);
        helpers.logger.info(`reaper: released the instances left by run ${run_id}`);
      } catch (error) {
        failures.push(`run ${run_id}: ${(error as Error).message}`);
      }
    }
    for (const provider of providers.values()) {
      if (!provider.reapInstances) continue;
      const report = await provider.reapInstances({ isRunLive: (runId) => isRunLive(pool, runId) });
      for (const ended of report.terminated) {
        helpers.logger.info(
          `reaper: ${provider.name} ended ${ended.ec2InstanceId} in ${ended.region} (${ended.reason}${ended.runId ? `, run ${ended.runId}` : ""})`,
        );
      }
      failures.push(...report.errors.map((error) => `${provider.name}: ${error}`));
    }
    // Thrown so that graphile-worker retries the job and shows why; what could be done was done.
    if (failures.length > 0) throw new Error(`reaper: ${failures.length} problem(s): ${failures.join("; ")}`);
  };
}

/** Whether a run still needs its instances: it exists and has no end status. */
async function isRunLive(pool: pg.Pool, runId: string): Promise<boolean> {
  if (!/^\d+$/.test(runId)) return false;
  const { rows } = await pool.query<{ status: RunStatus }>("select status from test_runs where id = $1", [
    runId,
  ]);
  const status = rows[0]?.status;
  return status !== undefined && !isTerminal(status);
}
