import { eq } from "drizzle-orm";
import { requireScope } from "../../auth/scopes.js";
import { testRuns } from "../../db/schema/runs.js";
import { setOrganizationLimits } from "../../organizations/limits.js";
import { createProject } from "../../projects/create-project.js";
import { createRun } from "../../runs/create-run.js";
import { validateNote, validateTags } from "../../runs/run-labels.js";
import { saveScript } from "../../runs/save-script.js";
import type { ScriptFileInput } from "../../runs/script-files.js";
import { IllegalRunTransitionError, isTerminal, transitionRun } from "../../runs/status.js";
import type { ScriptVersionInput } from "../../runs/store-script-version.js";
import type { GraphQLContext } from "../context.js";
import { fromGlobalId } from "../global-id.js";
import { findOrganization, findTestRun } from "../scoped-rows.js";

/** The `SaveScriptInput` of the schema. */
export interface SaveScriptInput {
  projectId: string;
  loadTestName: string;
  script: string;
  files?: ScriptFileInput[] | null;
  scriptName?: string | null;
}

/** The `CreateTestRunInput` of the schema: a script to store, and the run's own fields. */
export interface CreateTestRunInput extends SaveScriptInput {
  note?: string | null;
  tags?: string[] | null;
  env?: { name: string; value: string }[] | null;
}

/** A script input as the run model takes it, in the viewer's organization; fields named `input.*`. */
function scriptVersionInput({ viewer }: GraphQLContext, input: SaveScriptInput): ScriptVersionInput {
  return {
    organizationId: viewer.organizationId,
    projectId: fromGlobalId(input.projectId, "Project", "input.projectId"),
    loadTestName: input.loadTestName,
    script: input.script,
    files: input.files ?? [],
    scriptName: input.scriptName ?? null,
  };
}

/** The `OrganizationLimitsInput` of the schema. */
export interface OrganizationLimitsInput {
  maxVus?: number | null;
  maxDurationMs?: number | null;
  maxConcurrentRuns?: number | null;
}

/** Changes a column of one of the viewer's runs and returns the run as it is then. */
async function updateRun(
  { db, viewer }: GraphQLContext,
  id: string,
  values: Partial<typeof testRuns.$inferInsert>,
) {
  const run = await findTestRun(db, viewer.organizationId, fromGlobalId(id, "TestRun", "id"));
  const [updated] = await db.update(testRuns).set(values).where(eq(testRuns.id, run.id)).returning();
  return updated ?? run;
}

/** The root mutations: WRITE scope, ADMIN for the organization's settings. */
export const mutationResolvers = {
  createProject: (_root: unknown, { input }: { input: { name: string } }, { db, viewer }: GraphQLContext) => {
    requireScope(viewer.scopes, "WRITE");
    return createProject(db, viewer.organizationId, input.name, "input.name");
  },

  createTestRun: (_root: unknown, { input }: { input: CreateTestRunInput }, context: GraphQLContext) => {
    requireScope(context.viewer.scopes, "WRITE");
    return createRun(
      context.db,
      {
        ...scriptVersionInput(context, input),
        note: input.note ?? null,
        tags: input.tags ?? [],
        env: input.env ?? [],
      },
      "input.",
    );
  },

  saveScript: (_root: unknown, { input }: { input: SaveScriptInput }, context: GraphQLContext) => {
    requireScope(context.viewer.scopes, "WRITE");
    return saveScript(context.db, scriptVersionInput(context, input), "input.");
  },

  setRunNote: (_root: unknown, args: { id: string; note?: string | null }, context: GraphQLContext) => {
    requireScope(context.viewer.scopes, "WRITE");
    return updateRun(context, args.id, { note: validateNote(args.note, "note") });
  },

  setRunTags: (_root: unknown, args: { id: string; tags: string[] }, context: GraphQLContext) => {
    requireScope(context.viewer.scopes, "WRITE");
    return updateRun(context, args.id, { tags: validateTags(args.tags, "tags") });
  },

  stopTestRun: async (_root: unknown, args: { id: string }, { db, viewer }: GraphQLContext) => {
    requireScope(viewer.scopes, "WRITE");
    const run = await findTestRun(db, viewer.organizationId, fromGlobalId(args.id, "TestRun", "id"));
    if (isTerminal(run.status)) return run;
    try {
      await transitionRun(db, run.id, "ABORTED_BY_USER", "Stopped by a user", { tokenId: viewer.tokenId });
    } catch (error) {
      // The run ended on its own between the read and the lock: stopping it is then moot.
      if (!(error instanceof IllegalRunTransitionError)) throw error;
    }
    return findTestRun(db, viewer.organizationId, run.id);
  },

  setOrganizationLimits: async (
    _root: unknown,
    { input }: { input: OrganizationLimitsInput },
    { db, viewer }: GraphQLContext,
  ) => {
    requireScope(viewer.scopes, "ADMIN");
    await setOrganizationLimits(
      db,
      viewer.organizationId,
      {
        maxVus: input.maxVus ?? null,
        maxDurationMs: input.maxDurationMs ?? null,
        maxConcurrentRuns: input.maxConcurrentRuns ?? null,
      },
      "input.",
    );
    return findOrganization(db, viewer.organizationId);
  },
};
