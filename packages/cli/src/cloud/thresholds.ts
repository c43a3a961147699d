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

/** What `barrage cloud` prints at the end of a run. */
export interface RunResults {
  /** k6's end-of-test summary, computed by the platform from every agent's data. */
  summaryText: string;
  thresholds: ThresholdResult[];
}

const RESULTS_QUERY = `query Results($id: ID!) {
  testRun(id: $id) { summary { text } thresholds { metric expression ok value } }
}`;

/** The run's summary and threshold verdicts, or null for a run the API no longer knows. */
export async function runResults(client: GraphqlClient, runId: string): Promise<RunResults | null> {
  const data = await client.request<{
    testRun: { summary: { text: string }; thresholds: ThresholdResult[] } | null;
  }>(RESULTS_QUERY, { id: runId });
  if (!data.testRun) return null;
  return { summaryText: data.testRun.summary.text, thresholds: data.testRun.thresholds };
}
