import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HDR_SQL_SCHEMA } from "./fallback-ddl.js";
import { installHdrSql } from "./install.js";
import { detectHdrMode } from "./mode.js";
import { DATABASE_URL } from "./test-db.test-helpers.js";

/**
 * Runs in a database of its own, where barrage_hdr is not created yet, with a role that is not a
 * superuser, so that both modes and the trusted-extension path are exercised.
 */
describe("installHdrSql and detectHdrMode", () => {
  const name = `hdr_install_${process.pid}`;
  let admin: pg.Client;
  let client: pg.Client;

  /** A connection to the test's database acting as the test's role. */
  const connect = async () => {
    const url = new URL(DATABASE_URL);
    url.pathname = `/${name}`;
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    await c.query(`SET ROLE ${name}`);
    return c;
  };

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`DROP ROLE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.query(`CREATE ROLE ${name} NOLOGIN`);
    client = await connect();
  });

  afterAll(async () => {
    await client?.end();
    await admin?.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin?.query(`DROP ROLE IF EXISTS ${name}`);
    await admin?.end();
  });

  it("chooses SQL, and cannot install, for a role without CREATE on the database", async () => {
    expect(await detectHdrMode(client)).toBe("sql");
    await expect(installHdrSql(client)).rejects.toThrow(
      `cannot create the HDR fallback functions in schema ${HDR_SQL_SCHEMA}: permission denied for database ${name}`,
    );
  });

  it("creates the trusted extension and the fallback, idempotently, once the role may create in the database", async () => {
    await admin.query(`GRANT CREATE ON DATABASE ${name} TO ${name}`);
    expect(await detectHdrMode(client)).toBe("extension");
    // Three servers starting at once: the advisory lock makes the racing CREATEs wait, not fail.
    const others = await Promise.all([connect(), connect()]);
    const installations = await Promise.all([client, ...others].map((c) => installHdrSql(c)));
    await Promise.all(others.map((c) => c.end()));
    for (const installation of [...installations, await installHdrSql(client)]) {
      expect(installation).toEqual({ mode: "extension", extensionVersion: "1.0", sqlSchema: HDR_SQL_SCHEMA });
    }
    const { rows } = await client.query(
      `SELECT hdr_percentile(hdr_agg(v), 0.5) AS ext, ${HDR_SQL_SCHEMA}.bucket_value(278, 0, 1000) AS sql
         FROM unnest(ARRAY[0.3]) AS v`,
    );
    expect(rows[0]).toEqual({ ext: 0.3, sql: 0.3005 });
  });

  it("keeps using the extension after its creator's privilege is revoked", async () => {
    await admin.query(`REVOKE CREATE ON DATABASE ${name} FROM ${name}`);
    expect(await detectHdrMode(client)).toBe("extension");
  });
});
