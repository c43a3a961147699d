import { describeValue, isPlainObject } from "./describe-value.js";
import { DURATION_HINT, durationToMs } from "./duration.js";
import type { IssueList } from "./errors.js";
import { formatMs } from "./format-ms.js";
import { suggestion } from "./suggest.js";

/**
 * Reads one option value (never `undefined` or `null`: those mean "not set" and are skipped before),
 * recording a problem at `path` and returning `undefined` when it is not acceptable.
 */
export type Reader<T> = (value: unknown, path: string, issues: IssueList) => T | undefined;

const WHOLE_NUMBER = /^[+-]?\d+$/;

/**
 * A whole number of at least `min`. Like k6 (whose counts are `null.Int`), a string holding a whole
 * number is accepted too, so that `vus: __ENV.VUS` works.
 */
export function integer(min: number): Reader<number> {
  return (value, path, issues) => {
    const number = typeof value === "string" && WHOLE_NUMBER.test(value) ? Number(value) : value;
    if (typeof number !== "number" || !Number.isSafeInteger(number)) {
      issues.add(
        path,
        `${describeValue(value)} is not a whole number; use a number like ${Math.max(min, 10)}`,
      );
      return undefined;
    }
    if (number < min) {
      issues.add(path, `must be ${min === 0 ? "0 or more" : `at least ${min}`}, got ${number}`);
      return undefined;
    }
    return number;
  };
}

/**
 * A duration in ms, written as k6 accepts it (see `parseDuration`), of at least `min` ms, or above 0
 * with `positive` (a period such as `timeUnit` cannot be 0).
 */
export function duration(limits: { min?: number; positive?: boolean } = {}): Reader<number> {
  const { min = 0, positive = false } = limits;
  return (value, path, issues) => {
    const ms = durationToMs(value);
    if (ms === undefined) {
      issues.add(path, `${describeValue(value)} is not a duration; ${DURATION_HINT}`);
      return undefined;
    }
    if (ms < min || (positive && ms <= 0)) {
      const bound = positive ? "more than 0" : min === 0 ? "0 or more" : `at least ${formatMs(min)}`;
      issues.add(path, `must be ${bound}, got ${formatMs(ms)}`);
      return undefined;
    }
    return ms;
  };
}

/** `true` or `false`. */
export const boolean: Reader<boolean> = (value, path, issues) => {
  if (typeof value === "boolean") return value;
  issues.add(path, `${describeValue(value)} is not a boolean; use true or false`);
  return undefined;
};

/** Any string; with `nonEmpty`, the empty string is refused. */
export function text(nonEmpty = false): Reader<string> {
  return (value, path, issues) => {
    if (typeof value !== "string") {
      issues.add(path, `${describeValue(value)} is not a string`);
      return undefined;
    }
    if (nonEmpty && value === "") {
      issues.add(path, "must not be empty");
      return undefined;
    }
    return value;
  };
}

/** One of `allowed`, with a "did you mean" for near misses. */
export function oneOf<T extends string>(allowed: readonly T[], what: string): Reader<T> {
  return (value, path, issues) => {
    if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
    issues.add(
      path,
      `${describeValue(value)} is not ${what}; use one of ${allowed.join(", ")}${suggestion(value, allowed)}`,
    );
    return undefined;
  };
}

/** A plain object, passed through as it is. */
export const object: Reader<Record<string, unknown>> = (value, path, issues) => {
  if (isPlainObject(value)) return value;
  issues.add(path, `${describeValue(value)} is not an object; use { key: value, ... }`);
  return undefined;
};

/** An array, its items read later by whoever knows what they are. */
export const array: Reader<unknown[]> = (value, path, issues) => {
  if (Array.isArray(value)) return value;
  issues.add(path, `${describeValue(value)} is not an array; use [ ... ]`);
  return undefined;
};

/** An object whose values are all strings, like `tags` and `env`. */
export const stringMap: Reader<Record<string, string>> = (value, path, issues) => {
  const record = object(value, path, issues);
  if (record === undefined) return undefined;
  const bad = Object.entries(record).filter(([, item]) => typeof item !== "string");
  for (const [key, item] of bad) {
    issues.add(
      `${path}.${key}`,
      `${describeValue(item)} is not a string; values here must be strings, like "${key}-value"`,
    );
  }
  return bad.length === 0 ? (record as Record<string, string>) : undefined;
};

/** An array of strings, each accepted by `item`. */
export function listOf(item: Reader<string>): Reader<string[]> {
  return (value, path, issues) => {
    const items = array(value, path, issues);
    if (items === undefined) return undefined;
    const read = items.map((entry, index) => item(entry, `${path}[${index}]`, issues));
    return read.every((entry) => entry !== undefined) ? (read as string[]) : undefined;
  };
}
