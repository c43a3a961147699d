import type { JobHelpers } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/test-database.test-helpers.js";
import { batch, counterPoint } from "../batches.test-helpers.js";
import { ingestBatch } from "../ingest/ingest-batch.js";
import { createRun } from "../runs.test-helpers.js";
import { dropMetricPartitionsBefore } from "./drop-partitions.js";
import { ensureMetricPartitions } from "./ensure-partitions.js";
import { DAY_MS } from "./partition-days.js";
import { partitionsTask } from "./partitions-task.js";

const DAY = Date.UTC(2025, 10, 28);

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ workerSchema: false });
});
afterAll(() => db?.drop());

async function partitions(): Promise<string[]> {
  const { rows } = await db.pool.query<{ name: string }>(
    `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'metric_points'::regclass order by 1`,
  );
  return rows.map((r) => r.name);
}

describe("metric partitions", () => {
  it("creates one partition per UTC day, idempotently, also when several callers race", async () => {
    const range = { from: DAY + 5 * 3600_000, to: DAY + 2 * DAY_MS };
    const results = await Promise.all([1, 2, 3, 4].map(() => ensureMetricPartitions(db.pool, range)));
    const names = ["metric_points_p20251128", "metric_points_p20251129", "metric_points_p20251130"];
    for (const result of results) expect(result).toEqual(names);
    expect(await partitions()).toEqual(names);
    expect(await ensureMetricPartitions(db.pool, range)).toEqual(names);
    const { rows } = await db.pool.query(
      "select pg_get_expr(relpartbound, oid) as bound from pg_class where relname = 'metric_points_p20251129'",
    );
    expect(rows[0].bound).toBe("FOR VALUES FROM ('2025-11-29 00:00:00+00') TO ('2025-11-30 00:00:00+00')");
  });

  it("refuses a range that runs backwards or spans more than a year", async () => {
    await expect(ensureMetricPartitions(db.pool, { from: DAY, to: DAY - DAY_MS })).rejects.toThrow(
      RangeError,
    );
    await expect(ensureMetricPartitions(db.pool, { from: 0, to: DAY })).rejects.toThrow(/1 to 366 days/);
  });

  it("drops the partitions that end before the retention limit, with their points", async () => {
    const { runId, instanceIds } = await createRun(db.pool);
    const instanceId = instanceIds[0] as number;
    await ingestBatch(
      db.pool,
      { runId, instanceId },
      batch(1, DAY + 3600_000, [counterPoint("iterations", {}, 1)]),
    );
    await ingestBatch(
      db.pool,
      { runId, instanceId },
      batch(2, DAY + DAY_MS + 60_000, [counterPoint("iterations", {}, 2)]),
    );
    // The 28th ends at midnight of the 29th: a limit one ms earlier keeps it.
    expect(await dropMetricPartitionsBefore(db.pool, DAY + DAY_MS - 1)).toEqual([]);
    expect(await dropMetricPartitionsBefore(db.pool, new Date(DAY + DAY_MS + 3600_000))).toEqual([
      "metric_points_p20251128",
    ]);
    expect(await partitions()).toEqual(["metric_points_p20251129", "metric_points_p20251130"]);
    const { rows } = await db.pool.query("select sum(counter_sum) as n from metric_points");
    expect(rows[0].n).toBe(2);
    // Derived values outlive the points.
    const derived = await db.pool.query("select count from metric_derived where not isfinite(bucket)");
    expect(derived.rows[0].count).toBe(3);
  });

  it("runs as a graphile-worker task: partitions ahead of today, retention behind it", async () => {
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    const logged: string[] = [];
    const helpers = {
      withPgClient: async <T>(fn: (client: unknown) => Promise<T>) => {
        const client = await db.pool.connect();
        try {
          return await fn(client);
        } finally {
          client.release();
        }
      },
      logger: { info: (m: string) => logged.push(m) },
    } as unknown as JobHelpers;
    await partitionsTask({ aheadDays: 1, retentionDays: 1 }, helpers);
    const names = await partitions();
    const day = (ms: number) =>
      `metric_points_p${new Date(ms).toISOString().slice(0, 10).replaceAll("-", "")}`;
    expect(names).toContain(day(today));
    expect(names).toContain(day(today + DAY_MS));
    expect(names.filter((n) => n < day(today - DAY_MS))).toEqual([]);
    expect(logged[0]).toMatch(/^metric partitions: /);
    await expect(partitionsTask({ retentionDays: 0 }, helpers)).rejects.toThrow(/payload.retentionDays/);
  });
});
