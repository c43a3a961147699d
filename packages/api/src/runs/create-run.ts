import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/database.js";
import { loadTests, projects } from "../db/schema/core.js";
import { scriptVersions, type TestRunRow, testRuns } from "../db/schema/runs.js";
import { BarrageError, badInput } from "../errors.js";
import { appendRunEvent } from "./events.js";
import { notifyRunChanged } from "./notify.js";
import { validateEntryName, validateEnv } from "./run-inputs.js";
import { validateNote, validateTags } from "./run-labels.js";
import { type ScriptFileInput, toScriptFiles } from "./script-files.js";

/** The graphile-worker task every run starts its pipeline with (design.md, step 2). */
export const FIRST_PIPELINE_TASK = "validate";

/** The most characters of a load test's name. */
export const LOAD_TEST_NAME_MAX_LENGTH = 200;

/** What `createTestRun` needs, already scoped to the caller's organization. */
export interface CreateRunInput {
  organizationId: number;
  projectId: number;
  /** The load test to run; created in the project when it has no test of that name yet. */
  loadTestName: string;
  /** The entry script's source. */
  script: string;
  files?: readonly ScriptFileInput[];
  note?: string | null;
  tags?: readonly string[];
  /** The entry script's file name; default `script.js`. */
  scriptName?: string | null;
  /** The script's `__ENV`. */
  env?: readonly { name: string; value: string }[];
}

/**
 * Stores a new run: finds or creates the load test by name, adds a script version with the exact
 * script and files, inserts the run in CREATED with its first event, and enqueues the
 * `validate` job, all in one transaction, so a run never exists without its job nor a job
 * without its run. The job key `validate:<runId>` keeps a re-enqueued job from running twice.
 *
 * Input errors are `BAD_USER_INPUT` naming the field (prefixed by `fieldPrefix`, e.g. `input.`);
 * a project outside the organization is `NOT_FOUND`.
 */
export async function createRun(db: Db, input: CreateRunInput, fieldPrefix = ""): Promise<TestRunRow> {
  const name = input.loadTestName.trim();
  if (!name || name.length > LOAD_TEST_NAME_MAX_LENGTH) {
    throw badInput(
      `${fieldPrefix}loadTestName`,
      `A load test name has 1 to ${LOAD_TEST_NAME_MAX_LENGTH} characters`,
    );
  }
  if (!input.script.trim()) throw badInput(`${fieldPrefix}script`, "The script is empty");
  const files = toScriptFiles(input.files ?? [], `${fieldPrefix}files`);
  const tags = validateTags(input.tags ?? [], `${fieldPrefix}tags`);
  const note = validateNote(input.note, `${fieldPrefix}note`);
  const entryName = validateEntryName(input.scriptName, `${fieldPrefix}scriptName`);
  if (Object.hasOwn(files, entryName)) {
    throw badInput(
      `${fieldPrefix}files`,
      `A file is named "${entryName}" like the entry script, and one would hide the other; rename it`,
    );
  }
  const env = validateEnv(input.env ?? [], `${fieldPrefix}env`);

  return db.transaction(async (tx) => {
    const [project] = await tx
      .select({ id: projects.id })
      .from(projects)
      .where(and(eq(projects.id, input.projectId), eq(projects.organizationId, input.organizationId)));
    if (!project)
      throw new BarrageError("NOT_FOUND", "No such project", { field: `${fieldPrefix}projectId` });

    // The no-op update makes the upsert return the existing row and lock it, which serialises
    // version numbering between concurrent runs of one test.
    const [loadTest] = await tx
      .insert(loadTests)
      .values({ projectId: project.id, name })
      .onConflictDoUpdate({ target: [loadTests.projectId, loadTests.name], set: { name } })
      .returning({ id: loadTests.id });
    if (!loadTest) throw new Error(`Upserting load test "${name}" returned no row`);

    const [scriptVersion] = await tx
      .insert(scriptVersions)
      .values({
        loadTestId: loadTest.id,
        version: sql`(select coalesce(max(version), 0) + 1 from script_versions where load_test_id = ${loadTest.id})`,
        script: input.script,
        entryName,
        files,
      })
      .returning({ id: scriptVersions.id });
    if (!scriptVersion) throw new Error("Inserting the script version returned no row");

    const [run] = await tx
      .insert(testRuns)
      .values({
        organizationId: input.organizationId,
        projectId: project.id,
        loadTestId: loadTest.id,
        scriptVersionId: scriptVersion.id,
        status: "CREATED",
        note,
        tags,
        env,
      })
      .returning();
    if (!run) throw new Error("Inserting the run returned no row");

    await appendRunEvent(tx, { runId: run.id, status: "CREATED", reason: null });
    await tx.execute(
      sql`select graphile_worker.add_job(${FIRST_PIPELINE_TASK}, json_build_object('runId', ${run.id}::bigint),
        job_key := ${`${FIRST_PIPELINE_TASK}:${run.id}`})`,
    );
    await notifyRunChanged(tx, { runId: run.id, organizationId: run.organizationId, status: run.status });
    return run;
  });
}
