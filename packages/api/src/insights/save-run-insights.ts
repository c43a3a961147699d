import { INSIGHTS, type Insight, type Phase } from "@barrage/insights";
import type pg from "pg";
import { isTerminal, type RunStatus } from "../runs/status.js";

/**
 * What `insight_results.detail` holds: everything of an insight but its key, severity and title,
 * which have columns. Times are epoch milliseconds.
 *
 * @example { explanation: "…", from: 1_700_000_010_000, to: 1_700_000_040_000, metric: "http_req_failed", filter: {}, values: { failureRate: 0.38 } }
 */
export interface InsightDetail {
  explanation: string;
  from?: number;
  to?: number;
  metric?: string;
  filter?: Record<string, string>;
  values?: Record<string, number | string>;
}

/** The ids a live round computes: it replaces only those, never what only a final round finds. */
const LIVE_IDS: readonly string[] = INSIGHTS.filter((i) => i.phases.includes("live")).map((i) => i.id);

/**
 * Replaces a run's stored insights with one round's findings, in one transaction: the round's rows
 * are upserted (left untouched when nothing changed) and the rows it is responsible for but did not
 * find again are deleted, so an insight that no longer holds disappears. A final round is
 * responsible for every insight; a live round only for those that run live.
 *
 * Rounds of one run are serialized by an advisory lock, so the last one to save wins whole. A live
 * round that saves after the run ended saves nothing (and answers false): it read the data before
 * the final round did, so it must not overwrite it.
 *
 * @example
 * await saveRunInsights(pool, runId, computeInsights(series, { phase: "final" }), "final"); // true
 */
export async function saveRunInsights(
  pool: pg.Pool,
  runId: number,
  insights: readonly Insight[],
  phase: Phase,
): Promise<boolean> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    await client.query(
      "select pg_advisory_xact_lock(hashtextextended('barrage.insight_results:' || $1, 0))",
      [String(runId)],
    );
    const { rows } = await client.query<{ status: RunStatus }>("select status from test_runs where id = $1", [
      runId,
    ]);
    const status = rows[0]?.status;
    if (status === undefined || (phase === "live" && isTerminal(status))) {
      await client.query("rollback");
      return false;
    }
    const keys = insights.map((i) => i.id);
    await client.query(
      `delete from insight_results
        where run_id = $1 and not (key = any($2::text[])) and ($3::text[] is null or key = any($3::text[]))`,
      [runId, keys, phase === "live" ? LIVE_IDS : null],
    );
    if (insights.length > 0) {
      await client.query(
        `insert into insight_results (run_id, key, severity, title, detail)
         select $1, u.key, u.severity, u.title, u.detail
           from unnest($2::text[], $3::text[], $4::text[], $5::jsonb[]) as u(key, severity, title, detail)
         on conflict (run_id, key) do update
            set severity = excluded.severity, title = excluded.title, detail = excluded.detail
          where (insight_results.severity, insight_results.title, insight_results.detail)
                is distinct from (excluded.severity, excluded.title, excluded.detail)`,
        [
          runId,
          keys,
          insights.map((i) => i.severity),
          insights.map((i) => i.title),
          insights.map((i) => JSON.stringify(detailOf(i))),
        ],
      );
    }
    await client.query("commit");
    return true;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

function detailOf(insight: Insight): InsightDetail {
  return {
    explanation: insight.explanation,
    ...(insight.from !== undefined && { from: insight.from }),
    ...(insight.to !== undefined && { to: insight.to }),
    ...(insight.metric !== undefined && { metric: insight.metric }),
    ...(insight.filter !== undefined && { filter: insight.filter }),
    ...(insight.values !== undefined && { values: insight.values }),
  };
}
