import type { MetricBatch } from "../metrics/engine.js";

/** Where the runner's metric stream goes (`--out`): a file, the platform, ... */
export interface MetricOutput {
  /** Called once per aggregation period, in order. Must not keep `batch` beyond the call. */
  write(batch: MetricBatch): void;
  /** Flushes and closes; called once after the last batch. */
  close(): Promise<void>;
}
