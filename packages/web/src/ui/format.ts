import type { ComparisonFigure } from "../graphql/index.js";

/** Milliseconds as people read them: "850 ms", "12.4 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h} h ${String(m).padStart(2, "0")} min` : `${m} min ${String(s).padStart(2, "0")} s`;
}

/** A latency in milliseconds: "0.84 ms", "12.3 ms", "1,250 ms". */
export function formatMs(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return "–";
  const digits = ms < 1 ? 2 : ms < 100 ? 1 : 0;
  return `${ms.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })} ms`;
}

/** A count or rate with at most `digits` decimals and thousands separators. */
export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value == null || !Number.isFinite(value)) return "–";
  return value.toLocaleString("en-US", { maximumFractionDigits: digits });
}

/** A ratio 0..1 as a percentage: "0%", "0.25%", "12.5%". */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio == null || !Number.isFinite(ratio)) return "–";
  const percent = ratio * 100;
  const digits = percent === 0 || percent >= 10 ? 1 : 2;
  return `${Number(percent.toFixed(digits))}%`;
}

/** A signed relative change: "+12.5%", "-3%", "±0%". */
export function formatChange(ratio: number | null | undefined): string {
  if (ratio == null || !Number.isFinite(ratio)) return "–";
  if (ratio === 0) return "±0%";
  return `${ratio > 0 ? "+" : ""}${formatPercent(ratio)}`;
}

/** The time between two instants, or from one until now for a run still going. */
export function elapsedMs(
  from: string | null | undefined,
  to: string | null | undefined,
  now = Date.now(),
): number | null {
  if (!from) return null;
  const end = to ? Date.parse(to) : now;
  return Math.max(0, end - Date.parse(from));
}

/** An instant in the reader's time zone, short: "28 Nov, 09:30:05". */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return "–";
  return new Date(iso).toLocaleString("en-GB", {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}

/** A comparison figure's value in its unit: a latency in ms, a rate per second, a ratio in percent. */
export function formatFigure(figure: ComparisonFigure, value: number | null | undefined): string {
  if (value == null) return "–";
  if (figure === "REQUEST_RATE") return `${formatNumber(value, 1)}/s`;
  if (figure === "FAILURE_RATE") return formatPercent(value);
  return formatMs(value);
}

/** How long ago an instant was, coarsely: "just now", "12 s ago", "5 min ago", "3 h ago", "2 d ago". */
export function formatAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "never";
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (!Number.isFinite(seconds)) return "–";
  if (seconds < 2) return "just now";
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}
