import type { MetricType, ValueContains } from "../thresholds/index.js";

// The arithmetic below is k6's (jslib k6-summary), operation for operation: its rounding and
// truncation quirks (999999 bytes printed as "1000 kB", 1002.3 ms as "1s") are part of the output.

const BYTE_UNITS = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];

const TIME_UNITS: Readonly<Record<string, { readonly unit: string; readonly coef: number }>> = {
  s: { unit: "s", coef: 0.001 },
  ms: { unit: "ms", coef: 1 },
  us: { unit: "µs", coef: 1000 },
};

/**
 * Formats a number of bytes with decimal (SI) units and one decimal below 10, as k6 does.
 *
 * @example humanizeBytes(375012) // "375 kB"
 */
export function humanizeBytes(bytes: number): string {
  if (bytes < 10) return `${bytes} B`;
  const e = Math.floor(Math.log(bytes) / Math.log(1000));
  const value = Math.floor((bytes / 1000 ** e) * 10 + 0.5) / 10;
  return `${value.toFixed(value < 10 ? 1 : 0)} ${BYTE_UNITS[e | 0]}`;
}

/**
 * Formats a duration in milliseconds: in the given unit with two decimals (`"s"`, `"ms"`, `"us"`), or,
 * without one, in the largest fitting unit with truncated decimals (`"244ns"`, `"750µs"`, `"49.94ms"`,
 * `"1.23s"`, `"1m1s"`, `"1h2m3s"`).
 */
export function humanizeDuration(ms: number, timeUnit?: string | null): string {
  const fixed = timeUnit && Object.hasOwn(TIME_UNITS, timeUnit) ? TIME_UNITS[timeUnit] : undefined;
  if (fixed) return (ms * fixed.coef).toFixed(2) + fixed.unit;
  if (ms === 0) return "0s";
  if (ms < 0.001) return `${Math.trunc(ms * 1000000)}ns`;
  if (ms < 1) return `${toFixedNoTrailingZerosTrunc(ms * 1000, 2)}µs`;
  if (ms < 1000) return `${toFixedNoTrailingZerosTrunc(ms, 2)}ms`;

  let result = `${toFixedNoTrailingZerosTrunc((ms % 60000) / 1000, ms > 60000 ? 0 : 2)}s`;
  let rest = Math.trunc(ms / 60000);
  if (rest < 1) return result;
  result = `${rest % 60}m${result}`;
  rest = Math.trunc(rest / 60);
  if (rest < 1) return result;
  return `${rest}h${result}`;
}

/**
 * Formats a metric value the way the k6 summary does: rates as truncated percentages, data as bytes,
 * time as durations, anything else with up to six decimals.
 *
 * @example humanizeValue(0.8148, { type: "rate", contains: "default" }) // "81.48%"
 */
export function humanizeValue(
  value: number,
  metric: { readonly type: MetricType; readonly contains: ValueContains },
  timeUnit?: string | null,
): string {
  if (metric.type === "rate") return `${(Math.trunc(value * 100 * 100) / 100).toFixed(2)}%`;
  switch (metric.contains) {
    case "data":
      return humanizeBytes(value);
    case "time":
      return humanizeDuration(value, timeUnit);
    default:
      return toFixedNoTrailingZeros(value, 6);
  }
}

function toFixedNoTrailingZeros(value: number, precision: number): string {
  return Number.parseFloat(value.toFixed(precision)).toString();
}

function toFixedNoTrailingZerosTrunc(value: number, precision: number): string {
  const mult = 10 ** precision;
  return toFixedNoTrailingZeros(Math.trunc(mult * value) / mult, precision);
}
