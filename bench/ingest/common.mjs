/**
 * What the ingest benchmark's scripts share: the throw-away database, the runs and instances the
 * simulated agents send for, percentiles, and CPU accounting of node processes and PostgreSQL.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";

export const TARGET_POINTS_PER_SECOND = 100_000;
/** The periods of the simulated streams start here (partitions for it and the next day are made). */
export const ORIGIN = Date.UTC(2026, 0, 1) - 3600_000;

export function baseUrl() {
  return new URL(process.env.DATABASE_URL ?? "postgres://root@127.0.0.1:5432/test");
}

export function databaseUrl(name) {
  const url = new URL(baseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdmin(fn) {
  const url = new URL(baseUrl());
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function recreateDatabase(name) {
  await withAdmin(async (c) => {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name}`);
  });
}

export async function dropDatabase(name) {
  await withAdmin((c) => c.query(`drop database if exists ${name} with (force)`));
}

/**
 * Creates `runs` runs (CREATED: not over, so their agents may call home and send) with `agents`
 * instances spread over them, each with a bootstrap token as the allocate step gives one (only its
 * hash stored). Returns one `{runId, instanceId, token}` per agent.
 */
export async function createRunsAndInstances(pool, { agents, runs }) {
  const result = [];
  for (let r = 0; r < runs; r++) {
    const { rows } = await pool.query(
      `with org as (insert into organizations (name) values ('bench-' || $1::text) returning id),
            project as (insert into projects (organization_id, name) select id, 'p' from org returning id, organization_id),
            test as (insert into load_tests (project_id, name) select id, 't' from project returning id),
            script as (insert into script_versions (load_test_id, version, script) select id, 1, '' from test returning id, load_test_id)
       insert into test_runs (organization_id, project_id, load_test_id, script_version_id)
       select project.organization_id, project.id, script.load_test_id, script.id from project, script returning id`,
      [`${r}-${randomBytes(4).toString("hex")}`],
    );
    const runId = Number(rows[0].id);
    const count = Math.floor(agents / runs) + (r < agents % runs ? 1 : 0);
    const tokens = Array.from({ length: count }, () => randomBytes(32).toString("base64url"));
    const instances = await pool.query(
      `insert into run_instances (run_id, load_zone_id, segment, sequence, state, bootstrap_token_hash)
       select $1, (select id from load_zones where name = 'local' and organization_id is null), 'i' || n, 's', 'STARTING', h
         from unnest($2::text[]) with ordinality as t(h, n) order by n returning id`,
      [runId, tokens.map((t) => createHash("sha256").update(t).digest("hex"))],
    );
    instances.rows.forEach((row, i) => {
      result.push({ runId, instanceId: Number(row.id), token: tokens[i] });
    });
  }
  return result;
}

export function percentile(sorted, q) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export const ms = (v) => (Number.isFinite(v) ? `${v < 10 ? v.toFixed(1) : Math.round(v)} ms` : "n/a");
export const int = (v) => Math.round(v).toLocaleString("en-US");

/** p50/p95/p99/max of a list of milliseconds. */
export function latencyLine(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${ms(percentile(sorted, 0.5))}, p95 ${ms(percentile(sorted, 0.95))}, p99 ${ms(percentile(sorted, 0.99))}, max ${ms(sorted.at(-1))}`;
}

const TICK = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used, from /proc; 0 when it is gone. */
function processCpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICK;
  } catch {
    return 0;
  }
}

/**
 * CPU of the PostgreSQL backends serving `database` plus the server's shared writers (WAL writer,
 * checkpointer, background writer), which ingest keeps busy. Other databases' backends (other work
 * on the machine) are not counted. `begin()` takes the baseline; `end()` adds what every backend used
 * since (a backend that appeared meanwhile counts whole). A backend that exits in between is lost, so
 * the pools must not close idle connections (`idleTimeoutMillis: 0`).
 */
export function postgresCpu(pool, database) {
  const list = async () =>
    (
      await pool.query(
        `select pid, backend_type from pg_stat_activity
          where datname = $1 or backend_type in ('walwriter', 'checkpointer', 'background writer')`,
        [database],
      )
    ).rows.map((r) => ({ pid: r.pid, shared: r.backend_type !== "client backend" }));
  const baseline = new Map();
  return {
    async begin() {
      for (const { pid } of await list()) baseline.set(pid, processCpuSeconds(pid));
    },
    /** CPU seconds since begin(): `backends` of the database, `shared` writers. */
    async end() {
      let backends = 0;
      let shared = 0;
      for (const { pid, shared: isShared } of await list()) {
        const used = processCpuSeconds(pid) - (baseline.get(pid) ?? 0);
        if (isShared) shared += used;
        else backends += used;
      }
      return { backends, shared };
    },
  };
}

/** Machine-wide CPU, from /proc/stat: busy and total jiffies, to show how loaded the machine was. */
export function machineCpu() {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = line[3] + line[4];
  const total = line.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}
