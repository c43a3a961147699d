import type pg from "pg";
import { BarrageError } from "../errors.js";
import type { RunStatus } from "../runs/status.js";

/**
 * What computing a run's insights needs to know about the run itself, besides its metrics.
 *
 * @example { status: "FINISHED", options: { cloud: { insights: { disabledSets: ["health"] } } }, baselineRunId: 12, ... }
 */
export interface RunInputs {
  status: RunStatus;
  /** The script's options as the validate step stored them; null before validation. */
  options: Record<string, unknown> | null;
  /** The load test's baseline run, unless there is none or it is this run. */
  baselineRunId: number | null;
  /** `test_runs.started_at` / `ended_at` (epoch ms), null until set. */
  startedAt: number | null;
  endedAt: number | null;
  createdAt: number;
}

interface Row {
  status: RunStatus;
  options: Record<string, unknown> | null;
  baseline_run_id: string | null;
  started_at: number | null;
  ended_at: number | null;
  created_at: number;
}

const epochMs = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;

/**
 * Reads a run's status, its script's options and its load test's baseline run in one query.
 *
 * @throws BarrageError NOT_FOUND when there is no such run.
 * @example const { options, baselineRunId } = await queryRunInputs(pool, runId);
 */
export async function queryRunInputs(pool: pg.Pool, runId: number): Promise<RunInputs> {
  const { rows } = await pool.query<Row>(
    `select r.status, v.options, b.run_id as baseline_run_id,
            ${epochMs("r.started_at")} as started_at, ${epochMs("r.ended_at")} as ended_at,
            ${epochMs("r.created_at")} as created_at
       from test_runs r
       join script_versions v on v.id = r.script_version_id
       left join baselines b on b.load_test_id = r.load_test_id and b.run_id <> r.id
      where r.id = $1`,
    [runId],
  );
  const row = rows[0];
  if (!row) throw new BarrageError("NOT_FOUND", `No test run ${runId}`);
  return {
    status: row.status,
    options: row.options,
    baselineRunId: row.baseline_run_id === null ? null : Number(row.baseline_run_id),
    startedAt: row.started_at,
    endedAt: row.ended_at,
    createdAt: row.created_at,
  };
}
