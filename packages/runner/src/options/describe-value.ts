/**
 * A value as an error message shows it: strings quoted, numbers and booleans as written, and the
 * kind of anything else, so that a message never dumps a whole object.
 *
 * @example describeValue("ramping-vu") // "\"ramping-vu\""
 */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "function") return "a function";
  return typeof value === "object" ? "an object" : String(value);
}

/** A plain object (not an array, not null), as option groups and scenarios must be. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
