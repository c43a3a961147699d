import { type MetricBatch, pointToJson } from "@barrage/runner";
import type { MetricDocument } from "../transport/index.js";

/** One runner batch as the metric-stream document of docs/platform.md, numbered `seq`. */
export function toStreamDocument(seq: number, batch: MetricBatch): MetricDocument {
  return { seq, start: batch.start, end: batch.end, points: batch.points.map(pointToJson) };
}
