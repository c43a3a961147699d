import type { Logger } from "@barrage/runner";
import { sql } from "drizzle-orm";
import type pg from "pg";
import type { Db } from "../db/database.js";
import { notifyRunChanged } from "../runs/notify.js";
import type { RunStatus } from "../runs/status.js";
import type { ProviderRegistry } from "./providers.js";
import { releaseInstances } from "./release-instances.js";

/**
 * Goes on without instances the run lost (`options.cloud.agentLoss: "continue"`): in one
 * transaction each is marked lost with its reason (`run_instances.detail.lost`) and the run
 * degraded (`test_runs.degraded`, which GraphQL shows as `TestRun.degraded`, with a `barrage_run`
 * notification so that live views refresh); then the instances are released through their
 * providers, which ends what may still run of them (an agent cut off too long) and revokes their
 * certificates: nothing more of theirs is counted. What they delivered before stays stored.
 *
 * Safe to repeat: marking is skipped for instances already lost, and releasing is idempotent. A
 * release that fails throws, after the marking committed; the next round tries it again.
 *
 * @example
 * await dropInstances({ pool, db, providers, logger }, runId, [{ instanceId: 7, reason: "instance 7 (local): ..." }]);
 */
export async function dropInstances(
  deps: { pool: pg.Pool; db: Db; providers: ProviderRegistry; logger: Logger },
  runId: number,
  lost: readonly { instanceId: number; reason: string }[],
): Promise<void> {
  const marked = await deps.db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ id: string }>(sql`
      update run_instances i
         set detail = coalesce(i.detail, '{}') || jsonb_build_object('lost',
               jsonb_build_object('reason', l.reason, 'atMs', floor(extract(epoch from now()) * 1000)::float8))
        from jsonb_to_recordset(${JSON.stringify(lost.map((l) => ({ id: l.instanceId, reason: l.reason })))}::jsonb)
             as l(id bigint, reason text)
       where i.id = l.id and i.run_id = ${runId} and not coalesce(i.detail ? 'lost', false)
      returning i.id`);
    if (rows.length === 0) return 0;
    const { rows: runs } = await tx.execute<{ organization_id: string; status: RunStatus }>(sql`
      update test_runs set degraded = true where id = ${runId} returning organization_id, status`);
    const run = runs[0];
    if (run)
      await notifyRunChanged(tx, { runId, organizationId: Number(run.organization_id), status: run.status });
    return rows.length;
  });
  if (marked > 0)
    deps.logger.warn(
      `coordinator: run ${runId} goes on without ${lost.map((l) => l.reason).join("; ")} (options.cloud.agentLoss "continue"); it is degraded`,
    );
  await releaseInstances(
    deps.pool,
    runId,
    deps.providers,
    lost.map((l) => l.instanceId),
  );
}
