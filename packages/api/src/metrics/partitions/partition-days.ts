/** One UTC day in milliseconds: metric_points has one partition per day. */
export const DAY_MS = 86_400_000;

const NAME = /^metric_points_p(\d{4})(\d{2})(\d{2})$/;

/** The start (UTC midnight, epoch ms) of the day holding `time`. */
export function dayStart(time: Date | number): number {
  const ms = typeof time === "number" ? time : time.getTime();
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/**
 * The name of the partition of the day starting at `day` (epoch ms, UTC midnight).
 *
 * @example partitionName(Date.UTC(2025, 10, 28)) // "metric_points_p20251128"
 */
export function partitionName(day: number): string {
  return `metric_points_p${new Date(day).toISOString().slice(0, 10).replaceAll("-", "")}`;
}

/** The day (epoch ms) a partition name stands for, or undefined for a table not named by {@link partitionName}. */
export function partitionDay(name: string): number | undefined {
  const match = NAME.exec(name);
  if (!match) return undefined;
  const [, year, month, day] = match.map(Number);
  return Date.UTC(year as number, (month as number) - 1, day as number);
}
