import type pg from "pg";
import { createApiToken } from "./auth/create-api-token.js";
import type { Db } from "./db/database.js";
import type { TestRunRow } from "./db/schema/runs.js";
import { createOrganization } from "./organizations/create-organization.js";
import { createProject } from "./projects/create-project.js";
import { createRun } from "./runs/create-run.js";

/** An organization with a project and a token of each scope, as tests need them. */
export interface SeededOrganization {
  organizationId: number;
  projectId: number;
  tokens: { read: string; write: string; admin: string };
}

/** Creates an organization named `name` with a project "default" and READ, WRITE and ADMIN tokens. */
export async function seedOrganization(db: Db, name: string): Promise<SeededOrganization> {
  const organizationId = await createOrganization(db, name);
  const project = await createProject(db, organizationId, "default");
  const [read, write, admin] = await Promise.all(
    (["READ", "WRITE", "ADMIN"] as const).map((scope) => createApiToken(db, organizationId, scope, [scope])),
  );
  if (!read || !write || !admin) throw new Error("seeding tokens failed");
  return {
    organizationId,
    projectId: project.id,
    tokens: { read: read.secret, write: write.secret, admin: admin.secret },
  };
}

/** Creates a run of a load test "checkout" in the organization's project. */
export function seedRun(
  db: Db,
  organization: SeededOrganization,
  loadTestName = "checkout",
): Promise<TestRunRow> {
  return createRun(db, {
    organizationId: organization.organizationId,
    projectId: organization.projectId,
    loadTestName,
    script: "export default function () {}",
  });
}

/**
 * How many runs, script versions, run events, jobs and load tests the database holds: tests compare
 * it before and after an operation to prove what it wrote, or that it wrote nothing.
 */
export async function runModelCounts(pool: pg.Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query(`select
    (select count(*)::int from test_runs) as runs, (select count(*)::int from script_versions) as versions,
    (select count(*)::int from run_events) as events, (select count(*)::int from graphile_worker.jobs) as jobs,
    (select count(*)::int from load_tests) as tests`);
  return rows[0];
}
