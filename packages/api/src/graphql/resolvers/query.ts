import { BarrageError } from "../../errors.js";
import type { RunStatus } from "../../runs/status.js";
import { findLoadZone, findZoneAgent } from "../../zones/index.js";
import type { PageArgs } from "../connection.js";
import type { GraphQLContext } from "../context.js";
import { fromGlobalId, parseGlobalId } from "../global-id.js";
import { listLoadTests, listProjects, listTestRuns } from "../listings.js";
import {
  findLoadTest,
  findOrganization,
  findProject,
  findScriptVersion,
  findTestRun,
} from "../scoped-rows.js";

/** The `TestRunFilter` input of the schema. */
export interface TestRunFilterInput {
  projectId?: string | null;
  loadTestId?: string | null;
  statuses?: RunStatus[] | null;
  tags?: string[] | null;
}

/** Fetches a row by global id within the viewer's organization, tagged for `Node.__resolveType`. */
async function node(id: string, { db, viewer }: GraphQLContext): Promise<{ __typename: string }> {
  const { type, id: rowId } = parseGlobalId(id, "id");
  const organizationId = viewer.organizationId;
  const row = await (() => {
    switch (type) {
      case "Organization":
        if (rowId !== organizationId) throw new BarrageError("NOT_FOUND", `No Organization with id ${id}`);
        return findOrganization(db, organizationId);
      case "Project":
        return findProject(db, organizationId, rowId);
      case "LoadTest":
        return findLoadTest(db, organizationId, rowId);
      case "ScriptVersion":
        return findScriptVersion(db, organizationId, rowId);
      case "TestRun":
        return findTestRun(db, organizationId, rowId);
      case "LoadZone":
        return findLoadZone(db, organizationId, rowId);
      case "ZoneAgent":
        return findZoneAgent(db, organizationId, rowId);
    }
  })();
  return { ...row, __typename: type };
}

/**
 * The root queries. Any token may read (every scope includes READ); everything is looked up
 * within the viewer's organization.
 */
export const queryResolvers = {
  node: (_root: unknown, args: { id: string }, context: GraphQLContext) => node(args.id, context),
  viewer: async (_root: unknown, _args: unknown, { db, viewer }: GraphQLContext) => ({
    organization: await findOrganization(db, viewer.organizationId),
    scopes: viewer.scopes,
  }),
  projects: (_root: unknown, args: PageArgs, { db, viewer }: GraphQLContext) =>
    listProjects(db, viewer.organizationId, args),
  project: (_root: unknown, args: { id: string }, { db, viewer }: GraphQLContext) =>
    findProject(db, viewer.organizationId, fromGlobalId(args.id, "Project", "id")),
  loadTests: async (
    _root: unknown,
    args: PageArgs & { projectId: string },
    { db, viewer }: GraphQLContext,
  ) => {
    const project = await findProject(
      db,
      viewer.organizationId,
      fromGlobalId(args.projectId, "Project", "projectId"),
    );
    return listLoadTests(db, project.id, args);
  },
  loadTest: (_root: unknown, args: { id: string }, { db, viewer }: GraphQLContext) =>
    findLoadTest(db, viewer.organizationId, fromGlobalId(args.id, "LoadTest", "id")),
  testRun: (_root: unknown, args: { id: string }, { db, viewer }: GraphQLContext) =>
    findTestRun(db, viewer.organizationId, fromGlobalId(args.id, "TestRun", "id")),
  testRuns: (
    _root: unknown,
    args: PageArgs & { filter?: TestRunFilterInput | null },
    { db, viewer }: GraphQLContext,
  ) => {
    const filter = args.filter ?? {};
    return listTestRuns(
      db,
      viewer.organizationId,
      {
        projectId: filter.projectId
          ? fromGlobalId(filter.projectId, "Project", "filter.projectId")
          : undefined,
        loadTestId: filter.loadTestId
          ? fromGlobalId(filter.loadTestId, "LoadTest", "filter.loadTestId")
          : undefined,
        statuses: filter.statuses ?? undefined,
        tags: filter.tags ?? undefined,
      },
      args,
    );
  },
};
