import type pg from "pg";
import { DAY_MS, dayStart, partitionName } from "./partition-days.js";

/** Creating or dropping partitions in several processes at once is serialized on this lock. */
export const PARTITIONS_LOCK = "hashtext('barrage.metric_points.partitions')";

/** The most days one call may create: a wider range is a mistake (a timestamp in ms read as s, ...). */
const MAX_DAYS = 366;

/**
 * Creates the daily partitions of metric_points covering every UTC day from `from` to `to`
 * (inclusive), those that do not exist yet. Idempotent, and safe when several processes call it at
 * once: the statements run as one implicit transaction under an advisory lock, since concurrent
 * `CREATE TABLE IF NOT EXISTS` can otherwise fail on the catalog's unique indexes.
 *
 * @returns the names of the day partitions of the range, created now or before
 * @throws RangeError when `to` is before `from` or the range spans more than 366 days
 * @example await ensureMetricPartitions(pool, { from: new Date(), to: new Date(Date.now() + 3 * 86_400_000) });
 */
export async function ensureMetricPartitions(
  client: pg.Pool | pg.ClientBase,
  range: { from: Date | number; to: Date | number },
): Promise<string[]> {
  const first = dayStart(range.from);
  const last = dayStart(range.to);
  const days = (last - first) / DAY_MS + 1;
  if (!(days >= 1 && days <= MAX_DAYS)) {
    throw new RangeError(
      `cannot create metric partitions from ${new Date(first).toISOString()} to ${new Date(last).toISOString()}: give 1 to ${MAX_DAYS} days, "to" not before "from"`,
    );
  }
  const names: string[] = [];
  const statements = [`select pg_advisory_xact_lock(${PARTITIONS_LOCK})`];
  for (let day = first; day <= last; day += DAY_MS) {
    const name = partitionName(day);
    names.push(name);
    statements.push(
      `create table if not exists ${name} partition of metric_points for values from ('${new Date(day).toISOString()}') to ('${new Date(day + DAY_MS).toISOString()}')`,
    );
  }
  try {
    await client.query(statements.join(";\n"));
  } catch (error) {
    throw new Error(
      `cannot create metric partitions ${names[0]} to ${names.at(-1)}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return names;
}
