import { InvalidArgumentError } from "commander";

/** Collects a repeatable `-e KEY=VALUE` into an object. */
export function collectEnv(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf("=");
  if (eq <= 0) throw new InvalidArgumentError(`"${value}" is not KEY=VALUE`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

/** Collects repeatable values into a list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** A whole number >= 0. */
export function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`"${value}" is not a whole number >= 0`);
  return n;
}
