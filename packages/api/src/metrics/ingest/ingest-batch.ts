import type pg from "pg";
import { agentTagStamp } from "../batch/agent-tags.js";
import { parseMetricBatch } from "../batch/parse-batch.js";
import { submitBatch } from "./batch-writer.js";
import type { BatchSource } from "./sourced-batch.js";
import { sqlState } from "./transaction.js";

/** The answer to an agent's batch (docs/platform.md, `POST /agent/v1/metrics`). */
export interface IngestResult {
  accepted: true;
  /** True when this `(run, instance, seq)` was stored before; nothing was written this time. */
  duplicate: boolean;
}

/**
 * Stores one metric-stream document of one agent. The document is validated completely before the
 * database is touched. Then, in one transaction (shared with the batches other agents sent meanwhile,
 * see batch-writer.ts): the batch is claimed in metric_batches (a duplicate stops there and writes
 * nothing), its series are found or created, one metric_points row per point is inserted,
 * metric_derived is updated, and `pg_notify('barrage_metrics', {runId, instanceId, seq, end})` is
 * delivered when it commits. Batches may arrive late or out of order, and seq may have gaps: points
 * are keyed by their period, not by arrival. A batch for a day without a partition creates it.
 *
 * @param source the run, instance and zone the agent's certificate is bound to (trusted); with a
 *   zone, every point is tagged `load_zone` from it (batch/agent-tags.ts)
 * @param body the parsed JSON body, not yet checked
 * @throws {BatchRejected} when the document is malformed or gives a metric of the run another type
 * @throws Error (with `cause`) when the run or instance does not exist, or the database fails
 * @example
 * const { duplicate } = await ingestBatch(pool, { runId, instanceId }, JSON.parse(body));
 */
export async function ingestBatch(pool: pg.Pool, source: BatchSource, body: unknown): Promise<IngestResult> {
  const batch = parseMetricBatch(
    body,
    source.zone === undefined
      ? {}
      : { stampTags: agentTagStamp({ instanceId: source.instanceId, zone: source.zone }) },
  );
  try {
    return { accepted: true, duplicate: await submitBatch(pool, { source, batch }) };
  } catch (error) {
    const which = `batch ${batch.seq} of run ${source.runId}, instance ${source.instanceId}`;
    if (sqlState(error) === "23503") {
      throw new Error(`cannot store metric ${which}: the run or the instance does not exist`, {
        cause: error,
      });
    }
    if (sqlState(error) === undefined) throw error;
    throw new Error(`cannot store metric ${which}: ${(error as Error).message}`, { cause: error });
  }
}
