import { parseDecimal } from "./percentile.js";

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d)/gy;

/**
 * Parses a k6 duration into milliseconds: a number of milliseconds, or a string of Go duration parts
 * (`"10s"`, `"1m30s"`, `"1.5h"`, `"250ms"`) with k6's days (`"1d12h"`); a unitless string is also
 * milliseconds, as in k6. Returns `undefined` for anything else, negative durations included.
 *
 * @example parseDurationMs("1m30s") // 90000
 */
export function parseDurationMs(input: string | number): number | undefined {
  if (typeof input === "number") return Number.isFinite(input) && input >= 0 ? input : undefined;
  const text = input.trim();
  const plain = parseDecimal(text);
  if (plain !== undefined) return plain >= 0 ? plain : undefined;
  if (text === "") return undefined;

  PART.lastIndex = 0;
  let total = 0;
  while (PART.lastIndex < text.length) {
    const part = PART.exec(text);
    if (part === null) return undefined;
    total += Number(part[1]) * (UNIT_MS[part[2] as string] as number);
  }
  return total;
}
