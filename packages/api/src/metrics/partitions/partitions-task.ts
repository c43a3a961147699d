import type { Task } from "graphile-worker";
import { dropMetricPartitionsBefore } from "./drop-partitions.js";
import { ensureMetricPartitions } from "./ensure-partitions.js";
import { DAY_MS } from "./partition-days.js";

/** Days of partitions made ahead of today by default, so ingest never waits for one. */
export const DEFAULT_AHEAD_DAYS = 3;
/** Days of metric points kept by default. */
export const DEFAULT_RETENTION_DAYS = 30;

/** The payload of {@link partitionsTask}; both fields optional. Cron's `_cron` field is ignored. */
export interface PartitionsTaskPayload {
  /** Whole days after today to create partitions for (0 to 30, default 3). */
  aheadDays?: number;
  /** Days of points to keep: partitions ending before now minus this are dropped (1 to 3650, default 30). */
  retentionDays?: number;
}

/**
 * The graphile-worker task that maintains metric_points: creates the partitions from today to
 * `aheadDays` ahead and drops those past `retentionDays`. Idempotent; schedule it, e.g. crontab
 * `7 * * * * metrics_partitions` (hourly), and run it once at start-up.
 *
 * @example run({ pgPool, taskList: { metrics_partitions: partitionsTask }, crontab: "7 * * * * metrics_partitions" })
 */
export const partitionsTask: Task = async (payload, helpers) => {
  const { aheadDays, retentionDays } = readPayload(payload);
  const now = Date.now();
  await helpers.withPgClient(async (client) => {
    const ensured = await ensureMetricPartitions(client, { from: now, to: now + aheadDays * DAY_MS });
    const dropped = await dropMetricPartitionsBefore(client, now - retentionDays * DAY_MS);
    helpers.logger.info(
      `metric partitions: ${ensured[0]} to ${ensured.at(-1)} present; ${dropped.length > 0 ? `dropped ${dropped.join(", ")}` : "none dropped"}`,
    );
  });
};

function readPayload(payload: unknown): Required<PartitionsTaskPayload> {
  const fields = (payload ?? {}) as Record<string, unknown>;
  const read = (name: keyof PartitionsTaskPayload, fallback: number, min: number, max: number) => {
    const value = fields[name] ?? fallback;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      throw new TypeError(
        `metrics partitions task: payload.${name} must be a whole number of days from ${min} to ${max}, got ${JSON.stringify(value)}`,
      );
    }
    return value;
  };
  return {
    aheadDays: read("aheadDays", DEFAULT_AHEAD_DAYS, 0, 30),
    retentionDays: read("retentionDays", DEFAULT_RETENTION_DAYS, 1, 3650),
  };
}
