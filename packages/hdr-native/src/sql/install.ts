import { HDR_SQL_FUNCTIONS, HDR_SQL_SCHEMA } from "./fallback-ddl.js";
import { chooseHdrMode, HDR_EXTENSION, type HdrMode, readHdrServerFacts } from "./mode.js";
import type { HdrQueryable } from "./queryable.js";

/**
 * Serializes concurrent installers (several API processes starting at once): CREATE SCHEMA IF NOT
 * EXISTS, CREATE OR REPLACE FUNCTION and CREATE EXTENSION IF NOT EXISTS can each fail when racing.
 * Any constant works; this is "barrage!" read as a big-endian int8.
 */
const INSTALL_LOCK = "7089073124043875617";

/** What {@link installHdrSql} set up, for the caller to log. */
export interface HdrInstallation {
  /** The mode queries should use. */
  mode: HdrMode;
  /** Version of barrage_hdr created in this database, or null in `"sql"` mode. */
  extensionVersion: string | null;
  /** Schema of the fallback's functions. */
  sqlSchema: string;
  /** Why the extension is not used, in `"sql"` mode. */
  reason?: string;
}

/**
 * Makes the database ready for histogram queries, idempotently: creates the fallback's functions in
 * schema `barrage_hdr_sql` (always, so the fallback works even where the extension is later
 * removed), then `CREATE EXTENSION IF NOT EXISTS barrage_hdr` when the server has it and the role may
 * create it. Logs nothing. Each step is one implicit transaction, so a failure leaves no half-done
 * state and a pooled connection stays usable.
 *
 * @throws Error when the fallback's schema cannot be created (the role needs CREATE on the database).
 * @example
 * const { mode, reason } = await installHdrSql(pool);
 * log.info(mode === "extension" ? "HDR: barrage_hdr extension" : `HDR: pure-SQL fallback (${reason})`);
 */
export async function installHdrSql(client: HdrQueryable): Promise<HdrInstallation> {
  try {
    await client.query(`SELECT pg_advisory_xact_lock(${INSTALL_LOCK});${HDR_SQL_FUNCTIONS}`);
  } catch (error) {
    throw new Error(
      `cannot create the HDR fallback functions in schema ${HDR_SQL_SCHEMA}: ${(error as Error).message}; ` +
        "the database role needs CREATE on the database, or an administrator can create the schema for it",
      { cause: error },
    );
  }
  const facts = await readHdrServerFacts(client);
  if (chooseHdrMode(facts) === "sql") {
    const reason =
      facts.availableVersion === null
        ? `the ${HDR_EXTENSION} extension is not installed on the server`
        : `the role may not create the ${HDR_EXTENSION} extension (needs superuser, or CREATE on the database)`;
    return { mode: "sql", extensionVersion: null, sqlSchema: HDR_SQL_SCHEMA, reason };
  }
  if (facts.installedVersion === null) {
    try {
      await client.query(
        `SELECT pg_advisory_xact_lock(${INSTALL_LOCK}); CREATE EXTENSION IF NOT EXISTS ${HDR_EXTENSION};`,
      );
    } catch (error) {
      const reason = `CREATE EXTENSION ${HDR_EXTENSION} failed: ${(error as Error).message}`;
      return { mode: "sql", extensionVersion: null, sqlSchema: HDR_SQL_SCHEMA, reason };
    }
  }
  const { installedVersion } = await readHdrServerFacts(client);
  return { mode: "extension", extensionVersion: installedVersion, sqlSchema: HDR_SQL_SCHEMA };
}
