import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type pg from "pg";

/**
 * The migrations shipped with the package. `src/db/` and `dist/db/` sit at the same depth, so one
 * relative path serves tests (run from `src`) and the built server (run from `dist`).
 */
export const MIGRATIONS_DIRECTORY = fileURLToPath(new URL("../../migrations/", import.meta.url));

/** One `NNNN_name.sql` file found on disk. */
export interface MigrationFile {
  /** The `NNNN` prefix as a number; migrations apply in ascending order. */
  version: number;
  /** The file name, e.g. `0001_core.sql`. */
  name: string;
  /** SHA-256 hex of the file's bytes, recorded so that an edited, already-applied file is noticed. */
  checksum: string;
  sql: string;
}

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** Folder of `NNNN_name.sql` files; defaults to the package's own {@link MIGRATIONS_DIRECTORY}. */
  directory?: string;
}

const FILE_NAME = /^(\d{4})_[A-Za-z0-9_-]+\.sql$/;

/**
 * Reads the migration files of a folder, in version order. Two files with one version are refused,
 * since their relative order would be arbitrary.
 */
export async function readMigrations(directory: string): Promise<MigrationFile[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    throw new Error(`Cannot read the migrations folder ${directory}`, { cause: error });
  }
  const files: MigrationFile[] = [];
  for (const name of names.sort()) {
    const match = FILE_NAME.exec(name);
    if (!match?.[1]) continue;
    const sql = await readFile(join(directory, name), "utf8");
    const version = Number(match[1]);
    const clash = files.find((file) => file.version === version);
    if (clash) {
      throw new Error(`Migrations ${clash.name} and ${name} in ${directory} share version ${version}`);
    }
    files.push({ version, name, sql, checksum: createHash("sha256").update(sql).digest("hex") });
  }
  return files;
}

/**
 * Applies the pending migrations, each in its own transaction, and returns the names of the files
 * it applied (empty when the database was up to date). Several processes may call it at once: a
 * session advisory lock lets one work while the others wait, and they then find nothing to do.
 *
 * Refuses to run when an applied file's checksum changed or an applied file is gone, since the
 * database would then not match what this build believes its schema to be.
 *
 * @example
 * const applied = await migrate(pool);
 * if (applied.length) console.log(`applied ${applied.join(", ")}`);
 */
export async function migrate(pool: pg.Pool, options: MigrateOptions = {}): Promise<string[]> {
  const directory = options.directory ?? MIGRATIONS_DIRECTORY;
  const files = await readMigrations(directory);
  const client = await pool.connect();
  try {
    await client.query("select pg_advisory_lock(hashtext('barrage.migrations'))");
    try {
      return await applyPending(client, files, directory);
    } finally {
      await client.query("select pg_advisory_unlock(hashtext('barrage.migrations'))");
    }
  } finally {
    client.release();
  }
}

async function applyPending(
  client: pg.PoolClient,
  files: MigrationFile[],
  directory: string,
): Promise<string[]> {
  await client.query(`create table if not exists barrage_migrations (
    version integer primary key,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`);
  const { rows } = await client.query<{ version: number; name: string; checksum: string }>(
    "select version, name, checksum from barrage_migrations order by version",
  );
  for (const row of rows) {
    const file = files.find((candidate) => candidate.version === row.version);
    if (!file) {
      throw new Error(
        `Migration ${row.name} is applied to this database but missing from ${directory}; ` +
          "run a build that includes it (databases are never migrated down)",
      );
    }
    if (file.checksum !== row.checksum) {
      throw new Error(
        `Migration ${file.name} changed after it was applied (checksum ${row.checksum} in the database, ` +
          `${file.checksum} on disk); restore the file and put the change in a new migration`,
      );
    }
  }
  const applied = new Set(rows.map((row) => row.version));
  const names: string[] = [];
  for (const file of files) {
    if (applied.has(file.version)) continue;
    await client.query("begin");
    try {
      await client.query(file.sql);
      await client.query("insert into barrage_migrations (version, name, checksum) values ($1, $2, $3)", [
        file.version,
        file.name,
        file.checksum,
      ]);
      await client.query("commit");
    } catch (error) {
      await client.query("rollback");
      throw new Error(`Migration ${file.name} failed and was rolled back: ${(error as Error).message}`, {
        cause: error,
      });
    }
    names.push(file.name);
  }
  return names;
}
