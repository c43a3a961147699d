import type { ThresholdRound } from "@barrage/runner";
import type pg from "pg";

/**
 * Upserts a round's results into threshold_results, one row per (run, metric or sub-metric,
 * expression): the latest evaluation of each threshold. The same expression written twice on one
 * metric is one row that holds only if both do, as in k6's summary.
 */
export async function saveThresholdResults(
  pool: pg.Pool,
  runId: number,
  round: ThresholdRound,
): Promise<void> {
  const rows = new Map<
    string,
    { name: string; source: string; ok: boolean; value: number | null; abort: boolean }
  >();
  for (const r of round.results) {
    const key = JSON.stringify([r.name, r.source]);
    const earlier = rows.get(key);
    rows.set(key, {
      name: r.name,
      source: r.source,
      ok: r.ok && (earlier?.ok ?? true),
      value: r.value,
      abort: r.abortOnFail || (earlier?.abort ?? false),
    });
  }
  if (rows.size === 0) return;
  const list = [...rows.values()];
  await pool.query(
    `insert into threshold_results (run_id, name, source, ok, value, abort_on_fail, evaluated_at)
     select $1, u.name, u.source, u.ok, u.value, u.abort, now()
       from unnest($2::text[], $3::text[], $4::bool[], $5::float8[], $6::bool[]) as u(name, source, ok, value, abort)
     on conflict (run_id, name, source) do update
        set ok = excluded.ok, value = excluded.value, abort_on_fail = excluded.abort_on_fail,
            evaluated_at = excluded.evaluated_at`,
    [
      runId,
      list.map((r) => r.name),
      list.map((r) => r.source),
      list.map((r) => r.ok),
      list.map((r) => r.value),
      list.map((r) => r.abort),
    ],
  );
}
