import type pg from "pg";
import { PARTITIONS_LOCK } from "./ensure-partitions.js";
import { DAY_MS, partitionDay } from "./partition-days.js";

/**
 * Retention: drops the daily partitions of metric_points that end at or before `before`, i.e. whose
 * every point is older. Only partitions named by the store (`metric_points_pYYYYMMDD`) are touched.
 * metric_derived keeps its rows, so old runs still show their derived values after their points go.
 *
 * @returns the names of the partitions dropped, oldest first
 * @example await dropMetricPartitionsBefore(pool, new Date(Date.now() - 30 * 86_400_000));
 */
export async function dropMetricPartitionsBefore(
  client: pg.Pool | pg.ClientBase,
  before: Date | number,
): Promise<string[]> {
  const limit = typeof before === "number" ? before : before.getTime();
  const { rows } = await client.query<{ name: string }>(
    `select c.relname as name
       from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'metric_points'::regclass
      order by c.relname`,
  );
  const expired = rows
    .map((row) => row.name)
    .filter((name) => {
      const day = partitionDay(name);
      return day !== undefined && day + DAY_MS <= limit;
    });
  if (expired.length === 0) return [];
  try {
    await client.query(
      [
        `select pg_advisory_xact_lock(${PARTITIONS_LOCK})`,
        ...expired.map((name) => `drop table if exists ${name}`),
      ].join(";\n"),
    );
  } catch (error) {
    throw new Error(`cannot drop metric partitions ${expired.join(", ")}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return expired;
}
