/**
 * Test databases for the metric store, in either HDR mode, with runs and instances to store metrics
 * for (the least rows 0001_core.sql needs above them).
 */
import type { HdrMode } from "@barrage/hdr-native";
import type pg from "pg";
import { createTestDatabase, type TestDatabase } from "../db/test-database.test-helpers.js";
import { ensureMetricPartitions } from "./partitions/ensure-partitions.js";
import { prepareMetricStore } from "./store-mode.js";

/** Both HDR modes, for `describe.each`. */
export const HDR_MODES: readonly HdrMode[] = ["extension", "sql"];

/**
 * A fresh migrated database prepared in `mode`: `"sql"` never creates the barrage_hdr extension in
 * it, so every query must work without it. Partitions cover the days around `around` (default now).
 */
export async function createMetricsDatabase(
  mode: HdrMode,
  around: number = Date.now(),
): Promise<TestDatabase> {
  const db = await createTestDatabase({ workerSchema: false });
  const silent = { info: () => {} };
  const chosen = await prepareMetricStore(db.pool, {
    hdrMode: mode === "sql" ? "sql" : "auto",
    logger: silent,
  });
  if (chosen !== mode) throw new Error(`the test database runs in HDR mode ${chosen}, not ${mode}`);
  await ensureMetricPartitions(db.pool, { from: around - 86_400_000, to: around + 86_400_000 });
  return db;
}

/** A run and its instances. */
export interface TestRun {
  runId: number;
  instanceIds: number[];
}

/** Inserts a run (with the organization, project, test and script above it) and `instances` instances. */
export async function createRun(pool: pg.Pool, instances = 1): Promise<TestRun> {
  const { rows } = await pool.query<{ run_id: string }>(
    `with org as (insert into organizations (name) values ('metrics') returning id),
          project as (insert into projects (organization_id, name) select id, 'p' || id from org returning id, organization_id),
          test as (insert into load_tests (project_id, name) select id, 't' from project returning id),
          script as (insert into script_versions (load_test_id, version, script) select id, 1, '' from test returning id, load_test_id)
     insert into test_runs (organization_id, project_id, load_test_id, script_version_id)
     select project.organization_id, project.id, script.load_test_id, script.id from project, script
     returning id as run_id`,
  );
  const runId = Number(rows[0]?.run_id);
  const inserted = await pool.query<{ id: string }>(
    `insert into run_instances (run_id, load_zone_id, segment, sequence)
     select $1, (select id from load_zones where name = 'local' and organization_id is null), 'i' || n, 's'
       from generate_series(1, $2) as n
     returning id`,
    [runId, instances],
  );
  return { runId, instanceIds: inserted.rows.map((r) => Number(r.id)) };
}

/** Row counts of the metric tables, to show that a refused batch changed nothing. */
export async function metricRowCounts(pool: pg.Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<Record<string, string>>(
    `select (select count(*) from metric_batches) as batches, (select count(*) from metric_series) as series,
            (select count(*) from metric_points) as points, (select count(*) from metric_derived) as derived`,
  );
  return Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, Number(v)]));
}
