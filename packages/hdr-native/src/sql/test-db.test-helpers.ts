/**
 * A connection to the test database with a schema of its own, so test files running in parallel
 * (and other packages' tests) never see each other's tables. The extension and the fallback's
 * functions are installed first with the default search_path, so they land in shared schemas
 * that dropping the test schema leaves alone.
 */
import pg from "pg";
import { type HdrInstallation, installHdrSql } from "./install.js";

/** The test database: `DATABASE_URL`, by default the local server's `test` database. */
export const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://root@127.0.0.1:5432/test";

/** An open connection whose search_path starts with a fresh schema. */
export interface TestSchema {
  client: pg.Client;
  schema: string;
  installation: HdrInstallation;
  /** Drops the schema and closes the connection. */
  close(): Promise<void>;
}

/** Connects, installs barrage_hdr and the fallback, and creates schema `hdr_<label>_<pid>`. */
export async function openTestSchema(label: string): Promise<TestSchema> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  const installation = await installHdrSql(client);
  const schema = `hdr_${label}_${process.pid}`;
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  await client.query(`SET search_path = ${schema}, public`);
  return {
    client,
    schema,
    installation,
    async close() {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}
