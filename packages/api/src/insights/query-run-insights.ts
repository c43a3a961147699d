import { INSIGHTS, type Insight, type Severity } from "@barrage/insights";
import type pg from "pg";
import type { InsightDetail } from "./save-run-insights.js";

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
const ORDER = new Map(INSIGHTS.map((info, index) => [info.id, index]));

interface Row {
  key: string;
  severity: Severity;
  title: string;
  detail: Partial<InsightDetail> | null;
}

/**
 * A run's stored insights, most severe first and, within a severity, in the order
 * `computeInsights` reports them (an id it no longer knows goes last). Empty before the first round.
 *
 * @example const [worst] = await queryRunInsights(pool, runId); // worst?.severity === "critical"
 */
export async function queryRunInsights(pool: pg.Pool, runId: number): Promise<Insight[]> {
  const { rows } = await pool.query<Row>(
    "select key, severity, title, detail from insight_results where run_id = $1",
    [runId],
  );
  const rank = (row: Row) => RANK[row.severity] ?? RANK.info;
  const order = (row: Row) => ORDER.get(row.key) ?? ORDER.size;
  return rows
    .sort((a, b) => rank(a) - rank(b) || order(a) - order(b) || a.key.localeCompare(b.key))
    .map(({ key, severity, title, detail }) => ({
      id: key,
      severity,
      title,
      explanation: detail?.explanation ?? "",
      ...(detail?.from !== undefined && { from: detail.from }),
      ...(detail?.to !== undefined && { to: detail.to }),
      ...(detail?.metric !== undefined && { metric: detail.metric }),
      ...(detail?.filter !== undefined && { filter: detail.filter }),
      ...(detail?.values !== undefined && { values: detail.values }),
    }));
}
