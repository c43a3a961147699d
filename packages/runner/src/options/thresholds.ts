import { describeValue, isPlainObject } from "./describe-value.js";
import { DURATION_HINT, durationToMs } from "./duration.js";
import type { IssueList } from "./errors.js";
import type { Reader } from "./readers.js";
import { suggestion } from "./suggest.js";
import type { ThresholdInput } from "./types.js";

const THRESHOLD_FIELDS = ["threshold", "abortOnFail", "delayAbortEval"];
const THRESHOLD_HINT =
  'use ["p(95)<500"] or [{ threshold: "rate<0.01", abortOnFail: true, delayAbortEval: "10s" }]';

/**
 * `thresholds`, checked for shape only: an object of metric name → array of expressions or
 * `{ threshold, abortOnFail?, delayAbortEval? }`. The expressions themselves are parsed by the
 * thresholds module.
 */
export const readThresholds: Reader<Record<string, ThresholdInput[]>> = (value, path, issues) => {
  if (!isPlainObject(value)) {
    issues.add(
      path,
      `${describeValue(value)} is not an object of metric name → thresholds; ${THRESHOLD_HINT}`,
    );
    return undefined;
  }
  const before = issues.issues.length;
  const result: Record<string, ThresholdInput[]> = {};
  for (const [metric, list] of Object.entries(value)) {
    const metricPath = `${path}[${JSON.stringify(metric)}]`;
    if (!Array.isArray(list)) {
      issues.add(metricPath, `${describeValue(list)} is not an array of thresholds; ${THRESHOLD_HINT}`);
      continue;
    }
    result[metric] = list.flatMap(
      (item, index) => readThreshold(item, `${metricPath}[${index}]`, issues) ?? [],
    );
  }
  return issues.issues.length === before ? result : undefined;
};

function readThreshold(value: unknown, path: string, issues: IssueList): ThresholdInput | undefined {
  if (typeof value === "string") return value;
  if (!isPlainObject(value)) {
    issues.add(path, `${describeValue(value)} is not a threshold; ${THRESHOLD_HINT}`);
    return undefined;
  }
  for (const key of Object.keys(value).filter((field) => !THRESHOLD_FIELDS.includes(field))) {
    issues.add(
      `${path}.${key}`,
      `unknown threshold field; allowed: ${THRESHOLD_FIELDS.join(", ")}${suggestion(key, THRESHOLD_FIELDS)}`,
    );
  }
  const { threshold, abortOnFail, delayAbortEval } = value;
  if (typeof threshold !== "string") {
    issues.add(
      `${path}.threshold`,
      `${describeValue(threshold)} is not a threshold expression; use a string like "p(95)<500"`,
    );
  }
  if (abortOnFail !== undefined && typeof abortOnFail !== "boolean") {
    issues.add(`${path}.abortOnFail`, `${describeValue(abortOnFail)} is not a boolean; use true or false`);
  }
  if (delayAbortEval !== undefined && durationToMs(delayAbortEval) === undefined) {
    issues.add(
      `${path}.delayAbortEval`,
      `${describeValue(delayAbortEval)} is not a duration; ${DURATION_HINT}`,
    );
  }
  return {
    threshold: String(threshold),
    ...(abortOnFail === undefined ? {} : { abortOnFail: Boolean(abortOnFail) }),
    ...(delayAbortEval === undefined ? {} : { delayAbortEval: String(delayAbortEval) }),
  };
}
