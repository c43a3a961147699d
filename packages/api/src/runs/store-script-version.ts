import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/database.js";
import { loadTests, projects } from "../db/schema/core.js";
import { type ScriptVersionRow, scriptVersions } from "../db/schema/runs.js";
import { BarrageError, badInput } from "../errors.js";
import { validateEntryName } from "./run-inputs.js";
import { type ScriptFileInput, toScriptFiles } from "./script-files.js";

/** The most characters of a load test's name. */
export const LOAD_TEST_NAME_MAX_LENGTH = 200;

/** A script to store as a load test's next version, already scoped to the caller's organization. */
export interface ScriptVersionInput {
  organizationId: number;
  projectId: number;
  /** The load test; created in the project when it has no test of that name yet. */
  loadTestName: string;
  /** The entry script's source. */
  script: string;
  /** The local files it imports or open()s. */
  files?: readonly ScriptFileInput[];
  /** The entry script's file name; default `script.js`. */
  scriptName?: string | null;
}

/** What {@link storeScriptVersion} stored. */
export interface StoredScriptVersion {
  projectId: number;
  loadTestId: number;
  scriptVersion: ScriptVersionRow;
}

/** The input's checked parts, or the `BAD_USER_INPUT` naming the first field at fault. */
function checkInput(input: ScriptVersionInput, fieldPrefix: string) {
  const name = input.loadTestName.trim();
  if (!name || name.length > LOAD_TEST_NAME_MAX_LENGTH) {
    throw badInput(
      `${fieldPrefix}loadTestName`,
      `A load test name has 1 to ${LOAD_TEST_NAME_MAX_LENGTH} characters`,
    );
  }
  if (!input.script.trim()) throw badInput(`${fieldPrefix}script`, "The script is empty");
  const files = toScriptFiles(input.files ?? [], `${fieldPrefix}files`);
  const entryName = validateEntryName(input.scriptName, `${fieldPrefix}scriptName`);
  // The archive puts the entry script beside its files: one of the same name would replace it.
  if (Object.hasOwn(files, entryName)) {
    throw badInput(
      `${fieldPrefix}files`,
      `A file is named "${entryName}" like the entry script, and one would hide the other; rename it`,
    );
  }
  return { name, files, entryName };
}

/**
 * Stores a script as the next version of a load test: checks the input, finds or creates the test
 * by name in the project, and inserts the version numbered one past the test's highest. Both
 * `createTestRun` (which then adds its run in the same transaction) and `saveScript` store scripts
 * through it, so a test's versions are numbered and checked the same way whichever stored them.
 *
 * It runs in a transaction of its own, or in a savepoint of the caller's: the upsert locks the load
 * test's row until the outermost transaction ends, so callers adding more rows (a run) keep
 * concurrent versions of one test from taking the same number.
 *
 * Input errors are `BAD_USER_INPUT` naming the field (prefixed by `fieldPrefix`, e.g. `input.`);
 * a project outside the organization is `NOT_FOUND`, as one that does not exist.
 *
 * @example
 * const { scriptVersion } = await storeScriptVersion(db, { organizationId, projectId, loadTestName: "checkout", script }, "input.");
 * scriptVersion.version // 1 for the test's first script
 */
export async function storeScriptVersion(
  db: Db,
  input: ScriptVersionInput,
  fieldPrefix = "",
): Promise<StoredScriptVersion> {
  const { name, files, entryName } = checkInput(input, fieldPrefix);
  return db.transaction(async (tx) => {
    const [project] = await tx
      .select({ id: projects.id })
      .from(projects)
      .where(and(eq(projects.id, input.projectId), eq(projects.organizationId, input.organizationId)));
    if (!project)
      throw new BarrageError("NOT_FOUND", "No such project", { field: `${fieldPrefix}projectId` });

    // The no-op update makes the upsert return the existing row and lock it, which serialises
    // version numbering between concurrent stores of one test.
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
      .returning();
    if (!scriptVersion) throw new Error("Inserting the script version returned no row");
    return { projectId: project.id, loadTestId: loadTest.id, scriptVersion };
  });
}
