import pg from "pg";
import { startEmbeddedPostgres } from "./embedded-postgres.js";
import { handlePoolErrors } from "./pool-errors.js";

/** Options of {@link connectDatabase}. */
export interface ConnectOptions {
  /** A PostgreSQL connection string, normally `DATABASE_URL`; without one an embedded server starts. */
  databaseUrl?: string | undefined;
  /** Barrage's state directory (see `defaultStateDirectory`); the embedded server keeps its data here. */
  stateDir: string;
  /** Most connections the pool opens (default 20; graphile-worker's listener holds one for itself). */
  maxConnections?: number;
  /** Where to say which database is used (default `console.log`). */
  log?: (message: string) => void;
}

/** An open connection pool and the way to let go of it. */
export interface DatabaseConnection {
  pool: pg.Pool;
  /** `external` for `DATABASE_URL`, `embedded` for the server started here. */
  kind: "external" | "embedded";
  /** Closes the pool, then stops the embedded server if one was started. */
  close(): Promise<void>;
}

/**
 * Connects to the platform's database: the one `databaseUrl` names, else an embedded PostgreSQL
 * with its data under `stateDir`, reused from one start to the next. Logs which database it uses,
 * without the password.
 *
 * @example
 * const db = await connectDatabase({ databaseUrl: process.env.DATABASE_URL, stateDir: defaultStateDirectory() });
 * await migrate(db.pool);
 */
export async function connectDatabase(options: ConnectOptions): Promise<DatabaseConnection> {
  const log = options.log ?? console.log;
  const openPool = (connectionString: string) =>
    handlePoolErrors(new pg.Pool({ connectionString, max: options.maxConnections ?? 20 }), log);
  if (options.databaseUrl) {
    const pool = openPool(options.databaseUrl);
    await verify(pool, redact(options.databaseUrl));
    log(`Using PostgreSQL at ${redact(options.databaseUrl)}`);
    return { pool, kind: "external", close: () => pool.end() };
  }
  const server = await startEmbeddedPostgres(options.stateDir);
  const pool = openPool(server.url);
  try {
    await verify(pool, `the embedded PostgreSQL on port ${server.port}`);
  } catch (error) {
    await server.stop();
    throw error;
  }
  log(`Using embedded PostgreSQL in ${server.dataDirectory} (127.0.0.1:${server.port})`);
  return {
    pool,
    kind: "embedded",
    close: async () => {
      await pool.end();
      await server.stop();
    },
  };
}

/** Fails at start-up rather than at the first request when the database is unreachable. */
async function verify(pool: pg.Pool, where: string): Promise<void> {
  try {
    await pool.query("select 1");
  } catch (error) {
    await pool.end();
    throw new Error(`Cannot connect to ${where}: ${(error as Error).message}`, { cause: error });
  }
}

/** The connection string fit for a log: the password replaced, anything unparsable withheld. */
export function redact(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "DATABASE_URL (not shown: not a URL)";
  }
}
