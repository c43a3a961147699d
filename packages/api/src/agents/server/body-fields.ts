import { HttpError } from "./http-exchange.js";

/** The body as an object whose fields can be read, or 400. */
export function objectBody(body: unknown, route: string): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new HttpError(400, `${route}: the body must be a JSON object`);
  return body as Record<string, unknown>;
}

/** A string field of at most `maxLength` characters, or 400; undefined when absent and `optional`. */
export function stringField(
  body: Record<string, unknown>,
  name: string,
  options: { maxLength: number; optional?: boolean },
): string | undefined {
  const value = body[name];
  if (value === undefined && options.optional) return undefined;
  if (typeof value !== "string" || value.length === 0 || value.length > options.maxLength)
    throw new HttpError(400, `field "${name}" must be a string of 1 to ${options.maxLength} characters`);
  return value;
}

/** A finite number field, or 400; undefined when absent and `optional`. */
export function numberField(
  body: Record<string, unknown>,
  name: string,
  options: { optional?: boolean } = {},
): number | undefined {
  const value = body[name];
  if (value === undefined && options.optional) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new HttpError(400, `field "${name}" must be a finite number`);
  return value;
}
