import { MAX_CONCURRENT_VUS, MIN_EXECUTOR_DURATION, SCENARIO_DEFAULTS } from "./defaults.js";
import type { IssueList } from "./errors.js";
import { duration, integer, type Reader, stringMap, text } from "./readers.js";
import { readStages } from "./stages.js";
import type { ExecutorName, Stage } from "./types.js";

/** How one scenario field is read: its reader, and either its default or, when required, an example. */
export interface FieldSpec {
  /** Reads and range-checks the value. */
  read: Reader<unknown>;
  /** Used when the field is absent. */
  default?: unknown;
  /** Set when the field is required: an example of it for the error message. */
  required?: string;
}

/** The fields every scenario has besides `executor` (k6's `BaseConfig`). */
export const BASE_FIELDS: Readonly<Record<string, FieldSpec>> = {
  startTime: { read: duration(), default: SCENARIO_DEFAULTS.startTime },
  gracefulStop: { read: duration(), default: SCENARIO_DEFAULTS.gracefulStop },
  env: { read: stringMap, default: {} },
  exec: { read: text(true), default: SCENARIO_DEFAULTS.exec },
  tags: { read: stringMap, default: {} },
};

const count = (fallback: number, min: number): FieldSpec => ({ read: integer(min), default: fallback });
const maxDuration: FieldSpec = {
  read: duration({ min: MIN_EXECUTOR_DURATION }),
  default: SCENARIO_DEFAULTS.maxDuration,
};
const runDuration: FieldSpec = {
  read: duration({ min: MIN_EXECUTOR_DURATION }),
  required: 'duration: "30s"',
};
const timeUnit: FieldSpec = { read: duration({ positive: true }), default: SCENARIO_DEFAULTS.timeUnit };
const preAllocatedVUs: FieldSpec = { read: integer(0), required: "preAllocatedVUs: 10" };
const maxVUs: FieldSpec = { read: integer(0) };
const stages = (example: string): FieldSpec => ({ read: readStages, required: `stages: [${example}]` });
/** shared-iterations and per-vu-iterations take the same fields; only what `iterations` counts differs. */
const iterationCountFields: Readonly<Record<string, FieldSpec>> = {
  vus: count(SCENARIO_DEFAULTS.vus, 1),
  iterations: count(SCENARIO_DEFAULTS.iterations, 1),
  maxDuration,
};

/** Each executor's own fields (k6's `*Config` structs), with k6's defaults. */
export const EXECUTOR_FIELDS: Readonly<Record<ExecutorName, Readonly<Record<string, FieldSpec>>>> = {
  "shared-iterations": iterationCountFields,
  "per-vu-iterations": iterationCountFields,
  "constant-vus": { vus: count(SCENARIO_DEFAULTS.vus, 1), duration: runDuration },
  "ramping-vus": {
    startVUs: count(SCENARIO_DEFAULTS.startVUs, 0),
    stages: stages('{ duration: "30s", target: 10 }'),
    gracefulRampDown: { read: duration(), default: SCENARIO_DEFAULTS.gracefulRampDown },
  },
  "constant-arrival-rate": {
    rate: { read: integer(1), required: "rate: 10" },
    timeUnit,
    duration: runDuration,
    preAllocatedVUs,
    maxVUs,
  },
  "ramping-arrival-rate": {
    startRate: count(SCENARIO_DEFAULTS.startRate, 0),
    timeUnit,
    stages: stages('{ duration: "1m", target: 50 }'),
    preAllocatedVUs,
    maxVUs,
  },
  "externally-controlled": {
    vus: count(0, 0),
    maxVUs,
    duration: { read: duration(), required: 'duration: "10m" (0 runs until stopped)' },
  },
};

/**
 * The checks between fields of one executor that k6's `Validate` methods make, plus the defaults
 * that depend on another field (`maxVUs` defaults to `preAllocatedVUs`, or to `vus`). `fields`
 * holds the values read (all of them valid) and is completed in place; `given` is the scenario as
 * written; `pathOf` names a field for messages.
 */
export function checkExecutorFields(
  executor: ExecutorName,
  fields: Record<string, unknown>,
  given: Record<string, unknown>,
  pathOf: (field: string) => string,
  issues: IssueList,
): void {
  switch (executor) {
    case "shared-iterations": {
      const { vus: count = 0, iterations = 0 } = fields as { vus?: number; iterations?: number };
      if (iterations < count) {
        issues.add(
          pathOf("iterations"),
          `shared-iterations needs at least one iteration per VU, but iterations (${iterations}) is less than vus (${count}); raise iterations or lower vus`,
        );
      }
      break;
    }
    case "ramping-vus":
      checkRampingVus(fields as { startVUs?: number; stages?: Stage[] }, pathOf, issues);
      break;
    case "constant-arrival-rate":
    case "ramping-arrival-rate":
      checkMaxVUs(fields, "preAllocatedVUs", pathOf, issues);
      break;
    case "externally-controlled":
      // k6 refuses gracefulStop here: VUs stop when the control API says so, not gracefully.
      if (given.gracefulStop !== undefined && given.gracefulStop !== null) {
        issues.add(pathOf("gracefulStop"), "externally-controlled does not support gracefulStop; remove it");
      }
      fields.gracefulStop = 0;
      checkMaxVUs(fields, "vus", pathOf, issues);
      break;
    default:
      break;
  }
}

/** `maxVUs` defaults to `base` and may not be below it. */
function checkMaxVUs(
  fields: Record<string, unknown>,
  base: "preAllocatedVUs" | "vus",
  pathOf: (field: string) => string,
  issues: IssueList,
): void {
  const floor = fields[base] as number | undefined;
  const max = (fields.maxVUs as number | undefined) ?? floor;
  fields.maxVUs = max;
  if (floor !== undefined && max !== undefined && max < floor) {
    issues.add(
      pathOf("maxVUs"),
      `must be at least ${base} (${floor}), got ${max}; raise maxVUs or lower ${base}`,
    );
  }
}

function checkRampingVus(
  { startVUs = 0, stages = [] }: { startVUs?: number; stages?: Stage[] },
  pathOf: (field: string) => string,
  issues: IssueList,
): void {
  if (startVUs > MAX_CONCURRENT_VUS) {
    issues.add(pathOf("startVUs"), `must be at most ${MAX_CONCURRENT_VUS}, got ${startVUs}`);
  }
  stages.forEach((stage, index) => {
    if (stage.target > MAX_CONCURRENT_VUS) {
      issues.add(
        `${pathOf("stages")}[${index}].target`,
        `must be at most ${MAX_CONCURRENT_VUS}, got ${stage.target}`,
      );
    }
  });
  if (stages.length > 0 && Math.max(startVUs, ...stages.map((stage) => stage.target)) <= 0) {
    issues.add(
      pathOf("stages"),
      "either startVUs or one of the stages' targets must be more than 0, or no VU would ever run",
    );
  }
}
