/**
 * Small statistics and formatting for a noisy shared machine: medians rather than means,
 * and ratios taken pairwise within a round before their median.
 */

/** @param {number[]} values */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  // For an odd count both indexes name the middle element.
  const lower = sorted[Math.ceil(sorted.length / 2) - 1] ?? Number.NaN;
  const upper = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  return (lower + upper) / 2;
}

/**
 * The median of per-round ratios a[i]/b[i]: both tools saw the same machine state in a round.
 * @param {number[]} a
 * @param {number[]} b
 */
export function medianRatio(a, b) {
  return median(a.map((value, i) => value / /** @type {number} */ (b[i])));
}

/** @param {number} value @param {number} [digits] */
export function fmt(value, digits = 0) {
  return Number.isFinite(value)
    ? value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : "n/a";
}

/**
 * Prints rows as an aligned text table.
 * @param {string[]} header
 * @param {string[][]} rows
 */
export function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (/** @type {string[]} */ cells) =>
    cells.map((cell, i) => (cell ?? "").padEnd(widths[i] ?? 0)).join("  ");
  console.log(line(header));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const row of rows) console.log(line(row));
}

/** @param {boolean} met */
export function verdict(met) {
  return met ? "ok" : "MISS";
}
