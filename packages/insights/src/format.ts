import type { RunContext } from "./context.js";

/**
 * A rate as a percentage with one decimal.
 *
 * @example pct(0.1234) // "12.3%"
 */
export function pct(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

/**
 * A difference of rates in percentage points, one decimal.
 *
 * @example points(0.104) // "10.4 points"
 */
export function points(difference: number): string {
  return `${(difference * 100).toFixed(1)} points`;
}

/**
 * A duration in ms, at a precision that suits its size.
 *
 * @example [ms(0.423), ms(12.34), ms(245.6), ms(1240)] // ["0.42 ms", "12.3 ms", "246 ms", "1.24 s"]
 */
export function ms(value: number): string {
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  if (value >= 100) return `${Math.round(value)} ms`;
  if (value >= 1) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

/**
 * A count with thousands separators.
 *
 * @example count(12345) // "12,345"
 */
export function count(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/**
 * An offset into the test, from milliseconds.
 *
 * @example [offset(9_000), offset(65_000), offset(3_725_000)] // ["9s", "1m05s", "1h02m05s"]
 */
export function offset(msSinceStart: number): string {
  const total = Math.max(0, Math.round(msSinceStart / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (v: number) => String(v).padStart(2, "0");
  if (h > 0) return `${h}h${two(m)}m${two(s)}s`;
  if (m > 0) return `${m}m${two(s)}s`;
  return `${s}s`;
}

/**
 * A time range as offsets into the test.
 *
 * @example range(ctx, start + 65_000, start + 130_000) // "from 1m05s to 2m10s into the test"
 */
export function range(ctx: RunContext, from: number, to: number): string {
  const start = ctx.run.startedAt;
  return `from ${offset(from - start)} to ${offset(to - start)} into the test`;
}

/**
 * A number rounded to at most `digits` decimals, for an insight's `values`.
 *
 * @example round(0.123456, 4) // 0.1235
 */
export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * The sentence form of a phrase.
 *
 * @example capitalize("from 1m05s") // "From 1m05s"
 */
export function capitalize(text: string): string {
  return text.length === 0 ? text : `${text[0]?.toUpperCase()}${text.slice(1)}`;
}

/**
 * A p-value, or "p < 1e-300" where the normal tail underflows.
 *
 * @example [pValue(0.0032), pValue(3.2e-9)] // ["p = 0.0032", "p = 3.2e-9"]
 */
export function pValue(p: number): string {
  if (p < 1e-300) return "p < 1e-300";
  return p >= 1e-4 ? `p = ${p.toFixed(4)}` : `p = ${p.toExponential(1)}`;
}
