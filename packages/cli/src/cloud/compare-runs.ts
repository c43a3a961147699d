import type { GraphqlClient } from "./graphql-client.js";

/** What a comparison row compares, as the API names it. */
export type ComparisonFigure = "P50" | "P95" | "P99" | "REQUEST_RATE" | "FAILURE_RATE";

/** One figure of two runs, overall (`url` null) or for one URL name, as the API answers it. */
export interface ComparisonRow {
  figure: ComparisonFigure;
  url: string | null;
  /** The run's value: ms for percentiles, requests/s, a failure rate from 0 to 1. */
  value: number | null;
  baseValue: number | null;
  difference: number | null;
  relativeDifference: number | null;
  /** Beyond chance at the 1% level (histogram test for percentiles, rate tests for rates). */
  significant: boolean;
}

/** A run against a base run. */
export interface RunComparison {
  runId: string;
  baseRunId: string;
  rows: ComparisonRow[];
}

const COMPARE_QUERY = `query Compare($runId: ID!, $baseRunId: ID!) {
  compareRuns(runId: $runId, baseRunId: $baseRunId) {
    run { id } base { id }
    rows { figure url value baseValue difference relativeDifference significant }
  }
}`;

/**
 * Asks the API to compare run `runId` with run `baseRunId` (global ids, as `barrage cloud` shows
 * them): overall and per URL name, p50/p95/p99, request rate and failure rate.
 *
 * @throws ApiError with the API's message, e.g. for an id it never gave out or another
 *   organization's run.
 * @example const { rows } = await compareRuns(client, "VGVzdFJ1bjo3", "VGVzdFJ1bjo2");
 */
export async function compareRuns(
  client: GraphqlClient,
  runId: string,
  baseRunId: string,
): Promise<RunComparison> {
  const data = await client.request<{
    compareRuns: { run: { id: string }; base: { id: string }; rows: ComparisonRow[] };
  }>(COMPARE_QUERY, { runId, baseRunId });
  const { run, base, rows } = data.compareRuns;
  return { runId: run.id, baseRunId: base.id, rows };
}
