const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses a decimal number as written in thresholds and options (`500`, `0.01`, `-1`, `1e3`), or
 * returns `undefined`. Stricter than `Number()`, which would also take `""`, `" "`, `0x10` or `Infinity`.
 */
export function parseDecimal(text: string): number | undefined {
  return DECIMAL.test(text) ? Number(text) : undefined;
}

/**
 * Parses a percentile written `p(N)` with N a number from 0 to 100, as k6 accepts it in thresholds and
 * in `summaryTrendStats`. Returns N, or `undefined` when `text` is not of that form. No spaces are
 * allowed, as in k6.
 *
 * @example parsePercentile("p(99.9)") // 99.9
 */
export function parsePercentile(text: string): number | undefined {
  if (!text.startsWith("p(") || !text.endsWith(")")) return undefined;
  const n = parseDecimal(text.slice(2, -1));
  return n !== undefined && n >= 0 && n <= 100 ? n : undefined;
}
