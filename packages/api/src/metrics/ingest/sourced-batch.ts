import type { MetricBatch } from "../batch/metric-batch.js";

/** The run and agent a batch belongs to, as the agent's certificate binds them. */
export interface BatchSource {
  runId: number;
  instanceId: number;
}

/** A validated batch with the run and agent it came from. */
export interface SourcedBatch {
  source: BatchSource;
  batch: MetricBatch;
}
