import { ApiError, type GraphqlClient } from "./graphql-client.js";

/** A threshold of a run as the API evaluated it on the aggregate of all agents. */
export interface ThresholdResult {
  /** The metric, with its tag filter. */
  name: string;
  /** The expression, e.g. `p(95)<500`. */
  source: string;
  ok: boolean;
  value: number | null;
}

const THRESHOLDS_QUERY = `query Thresholds($id: ID!) {
  testRun(id: $id) { thresholds { name source ok value } }
}`;

/**
 * The run's threshold results, or `undefined` from an API that does not serve them (its schema has
 * no `TestRun.thresholds`, which GraphQL validation reports as GRAPHQL_VALIDATION_FAILED).
 */
export async function thresholdResults(
  client: GraphqlClient,
  runId: string,
): Promise<ThresholdResult[] | undefined> {
  try {
    const data = await client.request<{ testRun: { thresholds: ThresholdResult[] } | null }>(
      THRESHOLDS_QUERY,
      {
        id: runId,
      },
    );
    return data.testRun?.thresholds;
  } catch (error) {
    if (error instanceof ApiError && error.code === "GRAPHQL_VALIDATION_FAILED") return undefined;
    throw error;
  }
}
