import type { HdrQueryable } from "./queryable.js";

/**
 * How histograms are merged in the database: `"extension"` with the barrage_hdr C extension,
 * `"sql"` with the pure-SQL fallback (managed PostgreSQL, which accepts no custom C extensions).
 * Both give identical answers; the extension is faster.
 */
export type HdrMode = "extension" | "sql";

/** Name of the C extension. */
export const HDR_EXTENSION = "barrage_hdr";

/** What the server says about the extension and the current role, from {@link readHdrServerFacts}. */
export interface HdrServerFacts {
  /** Version created in this database, or null. */
  installedVersion: string | null;
  /** Default version whose files are on the server, or null when the extension is not available. */
  availableVersion: string | null;
  /** Whether that version is marked trusted (creatable by a role with CREATE on the database). */
  trusted: boolean;
  /** Whether the current role is a superuser. */
  superuser: boolean;
  /** Whether the current role has CREATE on the current database. */
  canCreate: boolean;
}

/** Reads {@link HdrServerFacts} in one query. */
export async function readHdrServerFacts(client: HdrQueryable): Promise<HdrServerFacts> {
  const { rows } = await client.query(
    `SELECT (SELECT extversion FROM pg_extension WHERE extname = $1) AS installed,
            a.default_version AS available,
            coalesce(v.trusted, false) AS trusted,
            (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
            has_database_privilege(current_database(), 'CREATE') AS can_create
       FROM (SELECT 1) AS one
       LEFT JOIN pg_available_extensions a ON a.name = $1
       LEFT JOIN pg_available_extension_versions v ON v.name = $1 AND v.version = a.default_version`,
    [HDR_EXTENSION],
  );
  const row = rows[0] as {
    installed: string | null;
    available: string | null;
    trusted: boolean;
    superuser: boolean | null;
    can_create: boolean;
  };
  return {
    installedVersion: row.installed,
    availableVersion: row.available,
    trusted: row.trusted,
    superuser: row.superuser === true,
    canCreate: row.can_create,
  };
}

/**
 * The mode the facts allow: the extension when it is created in this database, or when its files
 * are on the server and this role may create it (superuser, or trusted and CREATE on the database).
 */
export function chooseHdrMode(facts: HdrServerFacts): HdrMode {
  if (facts.installedVersion !== null) return "extension";
  if (facts.availableVersion === null) return "sql";
  return facts.superuser || (facts.trusted && facts.canCreate) ? "extension" : "sql";
}

/**
 * Whether this database can merge histograms with the barrage_hdr extension (created, or creatable
 * by the current role) or must use the pure-SQL fallback. Logs nothing; the caller logs the mode.
 *
 * @example
 * const mode = await detectHdrMode(pool);
 * log.info(`HDR histograms merged by ${mode === "extension" ? "the barrage_hdr extension" : "plain SQL"}`);
 */
export async function detectHdrMode(client: HdrQueryable): Promise<HdrMode> {
  return chooseHdrMode(await readHdrServerFacts(client));
}
