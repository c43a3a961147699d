import type pg from "pg";

/** A threshold's latest verdict on the aggregate of a run. */
export interface ThresholdResultRow {
  /** The metric or sub-metric as written in options, e.g. `http_req_duration{name:login}`. */
  name: string;
  /** The expression, e.g. `p(95)<500`. */
  source: string;
  ok: boolean;
  /** What the expression compared; null when it had no data. */
  value: number | null;
  abortOnFail: boolean;
  evaluatedAt: Date;
}

/**
 * Every threshold verdict stored for a run, in the order the thresholds were first evaluated.
 *
 * @example const failed = (await queryThresholdResults(pool, runId)).filter((t) => !t.ok);
 */
export async function queryThresholdResults(pool: pg.Pool, runId: number): Promise<ThresholdResultRow[]> {
  const { rows } = await pool.query<ThresholdResultRow>(
    `select name, source, ok, value, abort_on_fail as "abortOnFail", evaluated_at as "evaluatedAt"
       from threshold_results where run_id = $1 order by id`,
    [runId],
  );
  return rows;
}
