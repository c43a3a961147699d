import { asc, eq } from "drizzle-orm";
import type pg from "pg";
import type { LoadTestRow, OrganizationRow, ProjectRow } from "../../db/schema/core.js";
import { runEvents, type ScriptVersionRow, type TestRunRow } from "../../db/schema/runs.js";
import { getOrganizationLimits } from "../../organizations/limits.js";
import { queryRunStage, type StageOf } from "../../runs/run-stage.js";
import { RUN_STATUS_CODES } from "../../runs/status.js";
import type { PageArgs } from "../connection.js";
import type { GraphQLContext } from "../context.js";
import { type NodeType, toGlobalId } from "../global-id.js";
import { listLoadTests, listScriptVersions, listTestRuns } from "../listings.js";
import { findLoadTest, findProject, findScriptVersion } from "../scoped-rows.js";
import { runResultResolvers } from "./run-results.js";

type Resolver<Parent, Args = Record<string, never>> = (
  parent: Parent,
  args: Args,
  context: GraphQLContext,
) => unknown;

const globalId =
  (type: NodeType) =>
  (row: { id: number }): string =>
    toGlobalId(type, row.id);

/** A run's stage, read once per fetched run however many of its stage fields a query asks for. */
const stages = new WeakMap<TestRunRow, Promise<StageOf>>();
function stageOf(pool: pg.Pool, run: TestRunRow): Promise<StageOf> {
  const known = stages.get(run);
  if (known) return known;
  const stage = queryRunStage(pool, run);
  stages.set(run, stage);
  return stage;
}

/**
 * Field resolvers of the object types. Parents were already scoped to the viewer's organization
 * when they were fetched; fetching their relations by id stays inside it, and the `find*` calls
 * check again anyway, so a relation can never lead into another organization.
 */
export const typeResolvers = {
  Node: {
    __resolveType: (node: { __typename: NodeType }) => node.__typename,
  },
  Organization: {
    id: globalId("Organization"),
    limits: ((organization, _args, { db }) =>
      getOrganizationLimits(db, organization.id)) satisfies Resolver<OrganizationRow>,
  },
  Project: {
    id: globalId("Project"),
    loadTests: ((project, args, { db }) => listLoadTests(db, project.id, args)) satisfies Resolver<
      ProjectRow,
      PageArgs
    >,
  },
  LoadTest: {
    id: globalId("LoadTest"),
    project: ((test, _args, { db, viewer }) =>
      findProject(db, viewer.organizationId, test.projectId)) satisfies Resolver<LoadTestRow>,
    runs: ((test, args, { db, viewer }) =>
      listTestRuns(db, viewer.organizationId, { loadTestId: test.id }, args)) satisfies Resolver<
      LoadTestRow,
      PageArgs
    >,
    scriptVersions: ((test, args, { db }) => listScriptVersions(db, test.id, args)) satisfies Resolver<
      LoadTestRow,
      PageArgs
    >,
  },
  ScriptVersion: {
    id: globalId("ScriptVersion"),
    files: (version: ScriptVersionRow) =>
      Object.entries(version.files).map(([path, base64]) => ({ path, base64 })),
  },
  TestRun: {
    ...runResultResolvers,
    id: globalId("TestRun"),
    statusCode: (run: TestRunRow) => RUN_STATUS_CODES[run.status],
    stage: (async (run, _args, { pool }) => (await stageOf(pool, run)).stage) satisfies Resolver<TestRunRow>,
    stageDetail: (async (run, _args, { pool }) =>
      (await stageOf(pool, run)).detail) satisfies Resolver<TestRunRow>,
    project: ((run, _args, { db, viewer }) =>
      findProject(db, viewer.organizationId, run.projectId)) satisfies Resolver<TestRunRow>,
    loadTest: ((run, _args, { db, viewer }) =>
      findLoadTest(db, viewer.organizationId, run.loadTestId)) satisfies Resolver<TestRunRow>,
    scriptVersion: ((run, _args, { db, viewer }) =>
      findScriptVersion(db, viewer.organizationId, run.scriptVersionId)) satisfies Resolver<TestRunRow>,
    events: ((run, _args, { db }) =>
      db
        .select({
          status: runEvents.status,
          reason: runEvents.reason,
          detail: runEvents.detail,
          at: runEvents.at,
        })
        .from(runEvents)
        .where(eq(runEvents.runId, run.id))
        .orderBy(asc(runEvents.id))) satisfies Resolver<TestRunRow>,
  },
};
