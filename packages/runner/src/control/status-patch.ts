import { ControlError } from "./control-error.js";

/** The changes a `PATCH /v1/status` asks for; a field that is absent or `null` is left alone. */
export interface StatusPatch {
  paused?: boolean;
  vus?: number;
  vusMax?: number;
  /** `true` aborts the run; the other fields are then ignored, as in k6. */
  stopped: boolean;
}

const expectedShape =
  'send {"data": {"type": "status", "id": "default", "attributes": {"paused"?, "vus"?, "vus-max"?, "stopped"?}}}';

/**
 * Reads a `PATCH /v1/status` body. Like k6 it accepts any subset of the writable attributes,
 * treats `null` as "not given" and ignores the read-only ones (`status`, `running`, `tainted`);
 * unlike a silent default, a value of the wrong type is refused.
 *
 * @throws ControlError 400 "Invalid data" when the body is not JSON or not of the status shape
 */
export function parseStatusPatch(body: string): StatusPatch {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    throw invalid(`the body is not valid JSON (${(error as Error).message}); ${expectedShape}`, error);
  }
  const data = member(document, "the body", "data");
  const attributes = member(data, "data", "data.attributes");
  return {
    paused: optional(attributes, "paused", "a boolean", isBoolean),
    vus: optional(attributes, "vus", "a whole number", isWholeNumber),
    vusMax: optional(attributes, "vus-max", "a whole number", isWholeNumber),
    stopped: optional(attributes, "stopped", "a boolean", isBoolean) ?? false,
  };
}

/**
 * The object at `path` (whose last segment is the member's key), or undefined when the container
 * or the member is absent or null.
 */
function member(
  container: unknown,
  containerName: string,
  path: string,
): Record<string, unknown> | undefined {
  if (container === undefined || container === null) return undefined;
  if (!isPlainObject(container)) throw notAnObject(containerName, container);
  const value = container[path.slice(path.lastIndexOf(".") + 1)];
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) throw notAnObject(path, value);
  return value;
}

function notAnObject(name: string, value: unknown): ControlError {
  return invalid(`${name} must be a JSON object, got ${describe(value)}; ${expectedShape}`);
}

function optional<T>(
  attributes: Record<string, unknown> | undefined,
  key: string,
  expected: string,
  accepts: (value: unknown) => value is T,
): T | undefined {
  const value = attributes?.[key];
  if (value === undefined || value === null) return undefined;
  if (!accepts(value)) {
    throw invalid(`data.attributes["${key}"] must be ${expected} or null, got ${describe(value)}`);
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isBoolean(value: unknown): value is boolean {
  return typeof value === "boolean";
}

function isWholeNumber(value: unknown): value is number {
  return Number.isSafeInteger(value);
}

function describe(value: unknown): string {
  return Array.isArray(value) ? "an array" : JSON.stringify(value);
}

function invalid(detail: string, cause?: unknown): ControlError {
  return new ControlError(400, "Invalid data", detail, { cause });
}
