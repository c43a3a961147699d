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
