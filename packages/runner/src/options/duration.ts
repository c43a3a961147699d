import { describeValue } from "./describe-value.js";
import { OptionsError } from "./errors.js";

/** What a duration may look like, for error messages. */
export const DURATION_HINT =
  'use a number of milliseconds or a string like "30s", "1m30s", "1.5h", "500ms" or "2d" (units: ns, us, ms, s, m, h, d)';

const UNIT_MS: ReadonlyMap<string, number> = new Map([
  ["ns", 1e-6],
  ["us", 1e-3],
  ["\u00b5s", 1e-3],
  ["\u03bcs", 1e-3],
  ["ms", 1],
  ["s", 1000],
  ["m", 60_000],
  ["h", 3_600_000],
]);

const MS_PER_DAY = 86_400_000;
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const GO_COMPONENT = /^(\d*)(?:\.(\d*))?([^\d.]+)/;
const DAYS = /^([+-]?\d+)d(.*)$/;

/**
 * Converts a duration option to milliseconds, accepting exactly what k6 accepts: a number of
 * milliseconds (`1500`, also as a string `"1500"`), a Go duration (`"1h2m3.5s"`, `"300ms"`,
 * `"10us"`, `"-1.5h"`), or a number of days in front of one (`"2d"`, `"1d12h"`). Throws an
 * {@link OptionsError} naming `optionPath` and showing what is allowed.
 *
 * @example parseDuration("1m30s", "scenarios.api.duration") // 90000
 */
export function parseDuration(value: string | number, optionPath: string): number {
  const ms = durationToMs(value);
  if (ms === undefined) {
    throw new OptionsError([
      { path: optionPath, message: `${describeValue(value)} is not a duration; ${DURATION_HINT}` },
    ]);
  }
  return ms;
}

/** {@link parseDuration} without the throw: the milliseconds, or undefined when `value` is not a duration. */
export function durationToMs(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  if (PLAIN_NUMBER.test(value)) return Number(value);
  const days = DAYS.exec(value);
  if (days) {
    // k6's ParseExtendedDuration: whole days, then an optional non-negative Go duration.
    const [, count = "", rest = ""] = days;
    const hours = rest === "" ? 0 : goDurationToMs(rest);
    if (hours === undefined || hours < 0) return undefined;
    const sign = count.startsWith("-") ? -1 : 1;
    return Number(count) * MS_PER_DAY + sign * hours;
  }
  return goDurationToMs(value);
}

/** Go's `time.ParseDuration`: an optional sign, then one or more `<number><unit>`; `"0"` alone is allowed. */
function goDurationToMs(text: string): number | undefined {
  const sign = text.startsWith("-") ? -1 : 1;
  let rest = text.replace(/^[+-]/, "");
  if (rest === "0") return 0;
  if (rest === "") return undefined;
  let total = 0;
  while (rest !== "") {
    const match = GO_COMPONENT.exec(rest);
    const [component = "", whole = "", fraction = "", unit = ""] = match ?? [];
    const unitMs = UNIT_MS.get(unit);
    if (!match || whole + fraction === "" || unitMs === undefined) return undefined;
    total += Number(`${whole || "0"}.${fraction || "0"}`) * unitMs;
    rest = rest.slice(component.length);
  }
  return sign * total;
}
