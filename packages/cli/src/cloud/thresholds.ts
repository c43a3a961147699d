import type { GraphqlClient } from "./graphql-client.js";

/** A threshold of a run as the API evaluated it on the aggregate of all agents. */
export interface ThresholdResult {
  /** The metric, with its tag filter. */
  metric: string;
  /** The expression, e.g. `p(95)<500`. */
  expression: string;
  ok: boolean;
  value: number | null;
}

/** A performance insight the platform found in a run: what its numbers mean. */
export interface RunInsight {
  severity: "INFO" | "WARNING" | "CRITICAL";
  /** One line, with the key number. */
  title: string;
  /** The numbers, the time range and what it usually means. */
  explanation: string;
}

/** What `barrage cloud` prints at the end of a run. */
export interface RunResults {
  /** k6's end-of-test summary, computed by the platform from every agent's data. */
  summaryText: string;
  thresholds: ThresholdResult[];
  /** Most severe first; empty when the platform found nothing (or has not looked yet). */
  insights: RunInsight[];
}

const RESULTS_QUERY = `query Results($id: ID!) {
  testRun(id: $id) {
    summary { text }
    thresholds { metric expression ok value }
    insights { severity title explanation }
  }
}`;

/**
 * The run's summary, threshold verdicts and performance insights in one request, or null for a run
 * the API no longer knows.
 *
 * @example const results = await runResults(client, run.id); // { summaryText, thresholds, insights }
 */
export async function runResults(client: GraphqlClient, runId: string): Promise<RunResults | null> {
  const data = await client.request<{
    testRun: { summary: { text: string }; thresholds: ThresholdResult[]; insights?: RunInsight[] } | null;
  }>(RESULTS_QUERY, { id: runId });
  if (!data.testRun) return null;
  return {
    summaryText: data.testRun.summary.text,
    thresholds: data.testRun.thresholds,
    insights: data.testRun.insights ?? [],
  };
}
