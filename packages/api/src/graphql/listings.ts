import { and, arrayContains, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { Db } from "../db/database.js";
import { type LoadTestRow, loadTests, type ProjectRow, projects } from "../db/schema/core.js";
import { type ScriptVersionRow, scriptVersions, type TestRunRow, testRuns } from "../db/schema/runs.js";
import type { RunStatus } from "../runs/status.js";
import { type Connection, type PageArgs, paginate } from "./connection.js";

/** The organization's projects, newest first. */
export function listProjects(
  db: Db,
  organizationId: number,
  args: PageArgs,
): Promise<Connection<ProjectRow>> {
  return paginate(projects.id, args, (before, limit) =>
    db
      .select()
      .from(projects)
      .where(and(eq(projects.organizationId, organizationId), before))
      .orderBy(desc(projects.id))
      .limit(limit),
  );
}

/** A project's load tests, newest first; the caller has checked that the project is the viewer's. */
export function listLoadTests(db: Db, projectId: number, args: PageArgs): Promise<Connection<LoadTestRow>> {
  return paginate(loadTests.id, args, (before, limit) =>
    db
      .select()
      .from(loadTests)
      .where(and(eq(loadTests.projectId, projectId), before))
      .orderBy(desc(loadTests.id))
      .limit(limit),
  );
}

/** A load test's script versions, newest first; the caller has checked that the test is the viewer's. */
export function listScriptVersions(
  db: Db,
  loadTestId: number,
  args: PageArgs,
): Promise<Connection<ScriptVersionRow>> {
  return paginate(scriptVersions.id, args, (before, limit) =>
    db
      .select()
      .from(scriptVersions)
      .where(and(eq(scriptVersions.loadTestId, loadTestId), before))
      .orderBy(desc(scriptVersions.id))
      .limit(limit),
  );
}

/** Which runs to list; every field given must match. */
export interface RunFilter {
  projectId?: number | undefined;
  loadTestId?: number | undefined;
  /** Any of these. */
  statuses?: readonly RunStatus[] | undefined;
  /** All of these. */
  tags?: readonly string[] | undefined;
}

/** The organization's runs matching `filter`, newest first. */
export function listTestRuns(
  db: Db,
  organizationId: number,
  filter: RunFilter,
  args: PageArgs,
): Promise<Connection<TestRunRow>> {
  const conditions: (SQL | undefined)[] = [
    eq(testRuns.organizationId, organizationId),
    filter.projectId === undefined ? undefined : eq(testRuns.projectId, filter.projectId),
    filter.loadTestId === undefined ? undefined : eq(testRuns.loadTestId, filter.loadTestId),
    filter.statuses === undefined ? undefined : inArray(testRuns.status, [...filter.statuses]),
    filter.tags?.length ? arrayContains(testRuns.tags, [...filter.tags]) : undefined,
  ];
  return paginate(testRuns.id, args, (before, limit) =>
    db
      .select()
      .from(testRuns)
      .where(and(...conditions, before))
      .orderBy(desc(testRuns.id))
      .limit(limit),
  );
}
