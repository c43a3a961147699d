import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrate } from "./migrate.js";
import { handlePoolErrors } from "./pool-errors.js";
import { installWorkerSchema } from "./worker-schema.js";

/** A throw-away database for one test file. */
export interface TestDatabase {
  /** A pool on the new database. */
  pool: pg.Pool;
  /** Its connection string, for code under test that opens its own connections. */
  url: string;
  /** Closes the pool and drops the database, even if tests left connections open. */
  drop(): Promise<void>;
}

/** Options of {@link createTestDatabase}. */
export interface TestDatabaseOptions {
  /** Apply the package's migrations (default true); off to test `migrate` itself. */
  migrate?: boolean;
  /** Install graphile-worker's schema too (default true), so `graphile_worker.add_job` works. */
  workerSchema?: boolean;
}

/**
 * The server tests create their databases on: `DATABASE_URL`'s server (default the machine's
 * PostgreSQL), connected to its `postgres` maintenance database.
 */
function adminUrl(): URL {
  const url = new URL(process.env.DATABASE_URL ?? "postgres://root@127.0.0.1:5432/postgres");
  url.pathname = "/postgres";
  return url;
}

/**
 * Creates a fresh, migrated database with a unique name, so test files can run in parallel without
 * seeing each other's rows.
 *
 * @example
 * let db: TestDatabase;
 * beforeAll(async () => { db = await createTestDatabase(); });
 * afterAll(() => db.drop());
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const name = `barrage_test_${randomBytes(6).toString("hex")}`;
  const admin = adminUrl();
  await withAdmin(admin, (client) => client.query(`create database ${name}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const pool = handlePoolErrors(new pg.Pool({ connectionString: url.toString(), max: 10 }), (message) =>
    console.error(`test database ${name}: ${message}`),
  );
  const drop = async () => {
    await pool.end();
    await withAdmin(admin, (client) => client.query(`drop database if exists ${name} with (force)`));
  };
  try {
    if (options.migrate ?? true) await migrate(pool);
    if (options.workerSchema ?? true) await installWorkerSchema(pool);
  } catch (error) {
    await drop();
    throw error;
  }
  return { pool, url: url.toString(), drop };
}

async function withAdmin<T>(url: URL, action: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}
