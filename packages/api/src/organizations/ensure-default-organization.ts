import { sql } from "drizzle-orm";
import type pg from "pg";
import { createApiToken } from "../auth/create-api-token.js";
import { createDb } from "../db/database.js";
import { organizations } from "../db/schema/core.js";
import { createProject } from "../projects/create-project.js";
import { createOrganization } from "./create-organization.js";

/** What {@link ensureDefaultOrganization} found or made. */
export type DefaultOrganization =
  | { created: false }
  | { created: true; organizationId: number; projectId: number; adminToken: string };

/**
 * On a database without organizations, creates the organization "default" with a project
 * "default" and an ADMIN API token, and prints the token on stdout, since that first start is the
 * only time it can be shown. Otherwise does nothing. An advisory lock keeps two processes starting
 * at once on an empty database from both creating one.
 *
 * @example
 * await ensureDefaultOrganization(pool); // in `npm start`, after migrating
 */
export async function ensureDefaultOrganization(
  pool: pg.Pool,
  print: (text: string) => void = (text) => process.stdout.write(text),
): Promise<DefaultOrganization> {
  const result = await createDb(pool).transaction(async (tx): Promise<DefaultOrganization> => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('barrage.default-organization'))`);
    const [existing] = await tx.select({ id: organizations.id }).from(organizations).limit(1);
    if (existing) return { created: false };
    const organizationId = await createOrganization(tx, "default");
    const project = await createProject(tx, organizationId, "default");
    const token = await createApiToken(tx, organizationId, "admin token made at first start", ["ADMIN"]);
    return { created: true, organizationId, projectId: project.id, adminToken: token.secret };
  });
  if (result.created) {
    print(
      'Created the organization "default" with the project "default" and this ADMIN API token.\n' +
        "It is shown only now; keep it somewhere safe:\n\n" +
        `  ${result.adminToken}\n\n`,
    );
  }
  return result;
}
