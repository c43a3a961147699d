import type pg from "pg";

/**
 * Starts coordinating a run the first time the coordinator meets it: a run the allocate step made
 * INITIALIZING (or that got further), or one that ended while it still has instances to release
 * (a user's stop during allocation). The agents must be ready `readyTimeoutMs` after the run became
 * INITIALIZING. Answers whether the run is coordinated now; a run still in the pipeline is not.
 */
export async function beginCoordination(
  pool: pg.Pool,
  runId: number,
  readyTimeoutMs: number,
): Promise<boolean> {
  const { rows } = await pool.query(
    `insert into run_coordination (run_id, ready_deadline)
     select t.id,
            coalesce((select max(e.at) from run_events e where e.run_id = t.id and e.status = 'INITIALIZING'), now())
              + $2 * interval '1 millisecond'
       from test_runs t
      where t.id = $1
        and t.status not in ('CREATED', 'VALIDATED', 'QUEUED')
        and (t.status in ('INITIALIZING', 'RUNNING')
             or exists (select 1 from run_instances i where i.run_id = t.id and i.state <> 'RELEASED'))
     on conflict (run_id) do nothing
     returning run_id`,
    [runId, readyTimeoutMs],
  );
  if (rows.length > 0) return true;
  const existing = await pool.query(`select 1 from run_coordination where run_id = $1`, [runId]);
  return existing.rows.length > 0;
}
