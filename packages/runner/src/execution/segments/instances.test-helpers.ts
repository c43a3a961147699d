import { ExecutionTuple } from "./tuple.js";

/** The tuples of all segments of `sequence` (like `"0,1/3,2/3,1"`), one per instance. */
export function instancesOf(sequence: string): ExecutionTuple[] {
  const points = sequence.split(",");
  return points.slice(1).map((to, index) => ExecutionTuple.create(`${points[index]}:${to}`, sequence));
}
