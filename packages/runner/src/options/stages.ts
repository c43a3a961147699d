import { describeValue, isPlainObject } from "./describe-value.js";
import type { IssueList } from "./errors.js";
import { duration, integer, type Reader } from "./readers.js";
import { suggestion } from "./suggest.js";
import type { Stage } from "./types.js";

const STAGE_FIELDS = ["duration", "target"] as const;
const STAGE_EXAMPLE = '{ duration: "30s", target: 10 }';
const readStageDuration = duration();
const readTarget = integer(0);

/**
 * A non-empty array of `{ duration, target }` stages, both fields required and neither negative,
 * as k6's `validateStages` demands. A 0 duration is allowed: it makes an instant jump.
 */
export const readStages: Reader<Stage[]> = (value, path, issues) => {
  if (!Array.isArray(value) || value.length === 0) {
    issues.add(
      path,
      `${describeValue(value)} is not a list of stages; use at least one stage, like [${STAGE_EXAMPLE}]`,
    );
    return undefined;
  }
  const stages = value.map((stage, index) => readStage(stage, `${path}[${index}]`, issues));
  return stages.every((stage) => stage !== undefined) ? (stages as Stage[]) : undefined;
};

function readStage(value: unknown, path: string, issues: IssueList): Stage | undefined {
  if (!isPlainObject(value)) {
    issues.add(path, `${describeValue(value)} is not a stage; use ${STAGE_EXAMPLE}`);
    return undefined;
  }
  for (const key of Object.keys(value).filter(
    (field) => !(STAGE_FIELDS as readonly string[]).includes(field),
  )) {
    issues.add(
      `${path}.${key}`,
      `unknown stage field; a stage has duration and target${suggestion(key, STAGE_FIELDS)}`,
    );
  }
  const [stageDuration, target] = STAGE_FIELDS.map((field) => {
    const fieldValue = value[field];
    if (fieldValue === undefined || fieldValue === null) {
      issues.add(`${path}.${field}`, `is required; a stage looks like ${STAGE_EXAMPLE}`);
      return undefined;
    }
    return (field === "duration" ? readStageDuration : readTarget)(fieldValue, `${path}.${field}`, issues);
  });
  return stageDuration === undefined || target === undefined
    ? undefined
    : { duration: stageDuration, target };
}
