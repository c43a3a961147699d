import { describeValue, isPlainObject } from "./describe-value.js";
import type { IssueList } from "./errors.js";
import { BASE_FIELDS, checkExecutorFields, EXECUTOR_FIELDS, type FieldSpec } from "./executor-fields.js";
import { suggestion } from "./suggest.js";
import type { ExecutorName, Scenario } from "./types.js";

/** The executor names, in k6's documentation order. */
export const EXECUTOR_NAMES = Object.keys(EXECUTOR_FIELDS) as ExecutorName[];

const SCENARIO_NAME = /^[0-9A-Za-z_-]+$/;

/** Names a scenario field for messages, e.g. `scenarios.api.duration`. */
export type FieldPath = (field: string) => string;

/**
 * Reads the `scenarios` option: each key is a scenario name (`[0-9A-Za-z_-]+`, as k6 allows) and
 * each value a scenario object. Returns the scenarios that were valid; problems go to `issues`.
 */
export function readScenarios(value: Record<string, unknown>, path: string, issues: IssueList): Scenario[] {
  return Object.entries(value).flatMap(([name, raw]) => {
    if (!SCENARIO_NAME.test(name)) {
      issues.add(
        path,
        `${JSON.stringify(name)} is not a valid scenario name; use only letters, digits, _ and -, like "${name.replace(/[^0-9A-Za-z_-]+/g, "_") || "api"}"`,
      );
      return [];
    }
    const scenarioPath = `${path}.${name}`;
    if (!isPlainObject(raw)) {
      issues.add(
        scenarioPath,
        `${describeValue(raw)} is not a scenario; use { executor: "constant-vus", vus: 10, duration: "30s" }`,
      );
      return [];
    }
    return readScenario(name, raw, (field) => `${scenarioPath}.${field}`, issues) ?? [];
  });
}

/**
 * Reads one scenario object as k6 does (strictly: unknown fields are errors), applying k6's
 * defaults. `pathOf` names each field in messages, so that a scenario built from the shortcut
 * options can point at `vus` or `--duration` rather than at a field the user never wrote.
 */
export function readScenario(
  name: string,
  raw: Record<string, unknown>,
  pathOf: FieldPath,
  issues: IssueList,
): Scenario | undefined {
  const executor = readExecutor(raw.executor, pathOf("executor"), issues);
  if (executor === undefined) return undefined;
  const specs = { ...BASE_FIELDS, ...EXECUTOR_FIELDS[executor] };
  const allowed = ["executor", ...Object.keys(specs)];
  for (const key of Object.keys(raw).filter((field) => !allowed.includes(field))) {
    issues.add(
      pathOf(key),
      `unknown field for a ${executor} scenario; allowed: ${allowed.join(", ")}${suggestion(key, allowed)}`,
    );
  }
  const before = issues.issues.length;
  const fields = readFields(raw, specs, executor, pathOf, issues);
  if (issues.issues.length > before) return undefined;
  checkExecutorFields(executor, fields, raw, pathOf, issues);
  // The specs above make exactly the fields of the executor's interface in types.ts.
  return { name, executor, ...fields } as unknown as Scenario;
}

function readExecutor(value: unknown, path: string, issues: IssueList): ExecutorName | undefined {
  if (value === undefined || value === null) {
    issues.add(path, `is required; use one of ${EXECUTOR_NAMES.join(", ")}`);
    return undefined;
  }
  if (typeof value === "string" && (EXECUTOR_NAMES as string[]).includes(value)) return value as ExecutorName;
  issues.add(
    path,
    `${describeValue(value)} is not an executor; use one of ${EXECUTOR_NAMES.join(", ")}${suggestion(value, EXECUTOR_NAMES)}`,
  );
  return undefined;
}

/** Reads every field that has a spec: present ones through their reader, absent ones from their default. */
function readFields(
  raw: Record<string, unknown>,
  specs: Readonly<Record<string, FieldSpec>>,
  executor: ExecutorName,
  pathOf: FieldPath,
  issues: IssueList,
): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(specs)) {
    const value = raw[field];
    if (value !== undefined && value !== null) {
      fields[field] = spec.read(value, pathOf(field), issues);
    } else if (spec.required !== undefined) {
      issues.add(pathOf(field), `is required for a ${executor} scenario, like ${spec.required}`);
    } else if (spec.default !== undefined) {
      // A fresh copy, so that scenarios never share one env or tags object.
      fields[field] = structuredClone(spec.default);
    }
  }
  return fields;
}
