import type pg from "pg";

/**
 * The time the agents' metrics of a run cover: from the first period's start to the last period's
 * end over every batch received (epoch ms), or null before the first batch.
 *
 * @example { from: 1_700_000_000_000, to: 1_700_000_600_000 }
 */
export interface MetricSpan {
  from: number;
  to: number;
}

/**
 * Reads the span of a run's metric batches (the primary key's run_id prefix makes it an index scan).
 *
 * @example const span = await queryMetricSpan(pool, runId); // null before the first batch
 */
export async function queryMetricSpan(pool: pg.Pool, runId: number): Promise<MetricSpan | null> {
  const { rows } = await pool.query<{ from: number | null; to: number | null }>(
    `select (extract(epoch from min(period_start)) * 1000)::float8 as from,
            (extract(epoch from max(period_end)) * 1000)::float8 as to
       from metric_batches where run_id = $1`,
    [runId],
  );
  const span = rows[0];
  if (!span || span.from === null || span.to === null) return null;
  return { from: span.from, to: span.to };
}
