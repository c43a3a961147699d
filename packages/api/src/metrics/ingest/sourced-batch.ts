import type { MetricBatch } from "../batch/metric-batch.js";

/** The run and agent a batch belongs to, as the agent's certificate binds them. */
export interface BatchSource {
  runId: number;
  instanceId: number;
  /**
   * The agent's load zone, as its certificate binds it. Given (the agent port always gives it), every
   * point is tagged `load_zone` with it (batch/agent-tags.ts); tests that store prepared batches
   * leave it out and keep their tags as they are.
   */
  zone?: string;
}

/** A validated batch with the run and agent it came from. */
export interface SourcedBatch {
  source: BatchSource;
  batch: MetricBatch;
}
