import type pg from "pg";

/** A graphile-worker job as tests look at it. */
export interface QueuedJob {
  task: string;
  payload: unknown;
  key: string | null;
}

/**
 * The jobs waiting in graphile-worker's queue. Reads its private tables, because the public
 * `graphile_worker.jobs` view leaves out the payload.
 */
export async function queuedJobs(pool: pg.Pool): Promise<QueuedJob[]> {
  const { rows } = await pool.query<QueuedJob>(
    `select tasks.identifier as task, jobs.payload, jobs.key
       from graphile_worker._private_jobs as jobs
       join graphile_worker._private_tasks as tasks on tasks.id = jobs.task_id
      order by jobs.id`,
  );
  return rows;
}
