import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MIGRATIONS_DIRECTORY, migrate, readMigrations } from "./migrate.js";
import { createTestDatabase, type TestDatabase } from "./test-database.test-helpers.js";

let db: TestDatabase;
let directory: string;

beforeAll(async () => {
  db = await createTestDatabase({ migrate: false, workerSchema: false });
});
afterAll(() => db.drop());

beforeEach(async () => {
  // An empty database for each test, cheaper than creating one.
  await db.pool.query("drop schema public cascade; create schema public");
  directory = await mkdtemp(join(tmpdir(), "barrage-migrations-"));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

async function tableNames(): Promise<string[]> {
  const { rows } = await db.pool.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = 'public' order by 1",
  );
  return rows.map((row) => row.table_name);
}

describe("migrate", () => {
  it("applies the package's migrations to a fresh database, then finds nothing to do", async () => {
    const files = await readMigrations(MIGRATIONS_DIRECTORY);
    expect(files.map((file) => file.name)).toContain("0001_core.sql");
    expect(await migrate(db.pool)).toEqual(files.map((file) => file.name));
    expect(await tableNames()).toEqual(expect.arrayContaining(["organizations", "test_runs", "run_events"]));
    expect(await migrate(db.pool)).toEqual([]);
    const { rows } = await db.pool.query("select version, name, checksum from barrage_migrations order by 1");
    expect(rows).toEqual(files.map(({ version, name, checksum }) => ({ version, name, checksum })));
  });

  it("applies files in version order, each in its own transaction", async () => {
    await writeFile(join(directory, "0002_b.sql"), "alter table a add column b integer;");
    await writeFile(join(directory, "0001_a.sql"), "create table a (id integer);");
    await writeFile(join(directory, "0003_broken.sql"), "create table c (id integer); select nope;");
    await writeFile(join(directory, "notes.txt"), "not a migration");
    await expect(migrate(db.pool, { directory })).rejects.toThrow(
      /0003_broken\.sql failed and was rolled back/,
    );
    // 0001 and 0002 committed; 0003's table was rolled back with its failing statement.
    expect(await tableNames()).toEqual(["a", "barrage_migrations"]);
    const { rows } = await db.pool.query("select name from barrage_migrations order by version");
    expect(rows.map((row) => row.name)).toEqual(["0001_a.sql", "0002_b.sql"]);
  });

  it("applies each file once when several processes migrate at the same time", async () => {
    // Not idempotent on purpose: a second application would fail on the duplicate table.
    await writeFile(join(directory, "0001_a.sql"), "create table a (id integer); select pg_sleep(0.05);");
    await writeFile(join(directory, "0002_b.sql"), "create table b (id integer);");
    const results = await Promise.all(Array.from({ length: 5 }, () => migrate(db.pool, { directory })));
    expect(results.flat().sort()).toEqual(["0001_a.sql", "0002_b.sql"]);
    expect(results.filter((names) => names.length > 0)).toHaveLength(1);
  });

  it("refuses to start when an applied file changed, naming it", async () => {
    await writeFile(join(directory, "0001_a.sql"), "create table a (id integer);");
    await migrate(db.pool, { directory });
    await writeFile(join(directory, "0001_a.sql"), "create table a (id bigint);");
    await writeFile(join(directory, "0002_b.sql"), "create table b (id integer);");
    await expect(migrate(db.pool, { directory })).rejects.toThrow(
      /Migration 0001_a\.sql changed after it was applied/,
    );
    expect(await tableNames()).not.toContain("b");
  });

  it("refuses to start when an applied file is missing", async () => {
    await writeFile(join(directory, "0001_a.sql"), "create table a (id integer);");
    await migrate(db.pool, { directory });
    await rm(join(directory, "0001_a.sql"));
    await expect(migrate(db.pool, { directory })).rejects.toThrow(
      /0001_a\.sql is applied to this database but missing/,
    );
  });

  it("refuses two files with one version", async () => {
    await writeFile(join(directory, "0001_a.sql"), "select 1;");
    await writeFile(join(directory, "0001_b.sql"), "select 1;");
    await expect(migrate(db.pool, { directory })).rejects.toThrow(
      /0001_a\.sql and 0001_b\.sql .* share version 1/,
    );
  });
});
