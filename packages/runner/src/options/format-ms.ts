const UNITS: readonly (readonly [string, number])[] = [
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1000],
  ["ms", 1],
];

/**
 * A duration in ms the way k6 prints one in messages: `90000` → `"1m30s"`, `1500` → `"1.5s"`,
 * `250` → `"250ms"`, `0` → `"0s"`.
 */
export function formatMs(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 0) return `-${formatMs(-ms)}`;
  if (ms < 1000) return `${round(ms)}ms`;
  let rest = ms;
  let out = "";
  for (const [unit, size] of UNITS.slice(0, 2)) {
    const count = Math.floor(rest / size);
    if (count > 0) out += `${count}${unit}`;
    rest -= count * size;
  }
  return rest > 0 ? `${out}${round(rest / 1000)}s` : out;
}

/** Drops float noise such as 1.5000000000000002. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
