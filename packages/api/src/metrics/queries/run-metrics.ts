import type pg from "pg";
import type { MetricType, ValueContains } from "../batch/metric-batch.js";

/** A metric a run has points for. */
export interface RunMetric {
  name: string;
  type: MetricType;
  contains: ValueContains;
}

/** The metrics of a run, in the order their first series was stored. */
export async function queryRunMetrics(pool: pg.Pool, runId: number): Promise<RunMetric[]> {
  const { rows } = await pool.query<RunMetric>(
    `select metric as name, type, contains
       from metric_series where run_id = $1
      group by metric, type, contains
      order by min(id)`,
    [runId],
  );
  return rows;
}

/** The type of a run's metric, or null when the run has no series of it. */
export async function queryMetricType(
  pool: pg.Pool,
  runId: number,
  metric: string,
): Promise<MetricType | null> {
  const { rows } = await pool.query<{ type: MetricType }>(
    "select type from metric_series where run_id = $1 and metric = $2 limit 1",
    [runId, metric],
  );
  return rows[0]?.type ?? null;
}
