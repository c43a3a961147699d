import { and, eq, getTableColumns } from "drizzle-orm";
import type { Db } from "../db/database.js";
import {
  type LoadTestRow,
  loadTests,
  type OrganizationRow,
  organizations,
  type ProjectRow,
  projects,
} from "../db/schema/core.js";
import { type ScriptVersionRow, scriptVersions, type TestRunRow, testRuns } from "../db/schema/runs.js";
import { BarrageError } from "../errors.js";
import { type NodeType, toGlobalId } from "./global-id.js";

/**
 * The same answer for "does not exist" and "belongs to another organization", so that ids of
 * other organizations cannot be probed.
 */
function notFound(type: NodeType, id: number): BarrageError {
  return new BarrageError("NOT_FOUND", `No ${type} with id ${toGlobalId(type, id)}`);
}

/** The caller's organization. */
export async function findOrganization(db: Db, organizationId: number): Promise<OrganizationRow> {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, organizationId));
  if (!row) throw notFound("Organization", organizationId);
  return row;
}

/** A project of the organization, or NOT_FOUND. */
export async function findProject(db: Db, organizationId: number, id: number): Promise<ProjectRow> {
  const [row] = await db
    .select()
    .from(projects)
    .where(and(eq(projects.id, id), eq(projects.organizationId, organizationId)));
  if (!row) throw notFound("Project", id);
  return row;
}

/** A load test in one of the organization's projects, or NOT_FOUND. */
export async function findLoadTest(db: Db, organizationId: number, id: number): Promise<LoadTestRow> {
  const [row] = await db
    .select(getTableColumns(loadTests))
    .from(loadTests)
    .innerJoin(projects, eq(projects.id, loadTests.projectId))
    .where(and(eq(loadTests.id, id), eq(projects.organizationId, organizationId)));
  if (!row) throw notFound("LoadTest", id);
  return row;
}

/** A script version of one of the organization's load tests, or NOT_FOUND. */
export async function findScriptVersion(
  db: Db,
  organizationId: number,
  id: number,
): Promise<ScriptVersionRow> {
  const [row] = await db
    .select(getTableColumns(scriptVersions))
    .from(scriptVersions)
    .innerJoin(loadTests, eq(loadTests.id, scriptVersions.loadTestId))
    .innerJoin(projects, eq(projects.id, loadTests.projectId))
    .where(and(eq(scriptVersions.id, id), eq(projects.organizationId, organizationId)));
  if (!row) throw notFound("ScriptVersion", id);
  return row;
}

/** A run of the organization, or NOT_FOUND. */
export async function findTestRun(db: Db, organizationId: number, id: number): Promise<TestRunRow> {
  const [row] = await db
    .select()
    .from(testRuns)
    .where(and(eq(testRuns.id, id), eq(testRuns.organizationId, organizationId)));
  if (!row) throw notFound("TestRun", id);
  return row;
}
