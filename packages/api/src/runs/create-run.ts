import { sql } from "drizzle-orm";
import type { Db } from "../db/database.js";
import { type TestRunRow, testRuns } from "../db/schema/runs.js";
import { appendRunEvent } from "./events.js";
import { notifyRunChanged } from "./notify.js";
import { validateEnv } from "./run-inputs.js";
import { validateNote, validateTags } from "./run-labels.js";
import { type ScriptVersionInput, storeScriptVersion } from "./store-script-version.js";

/** The graphile-worker task every run starts its pipeline with (design.md, step 2). */
export const FIRST_PIPELINE_TASK = "validate";

/** What `createTestRun` needs, already scoped to the caller's organization: a script and the run's settings. */
export interface CreateRunInput extends ScriptVersionInput {
  note?: string | null;
  tags?: readonly string[];
  /** The script's `__ENV`. */
  env?: readonly { name: string; value: string }[];
}

/**
 * Stores a new run: finds or creates the load test by name and adds a script version with the exact
 * script and files ({@link storeScriptVersion}, as `saveScript` does), inserts the run in CREATED
 * with its first event, and enqueues the
 * `validate` job, all in one transaction, so a run never exists without its job nor a job
 * without its run. The job key `validate:<runId>` keeps a re-enqueued job from running twice.
 *
 * Input errors are `BAD_USER_INPUT` naming the field (prefixed by `fieldPrefix`, e.g. `input.`);
 * a project outside the organization is `NOT_FOUND`.
 */
export async function createRun(db: Db, input: CreateRunInput, fieldPrefix = ""): Promise<TestRunRow> {
  // The run's own fields are checked before anything is written; the script's, by storeScriptVersion.
  const tags = validateTags(input.tags ?? [], `${fieldPrefix}tags`);
  const note = validateNote(input.note, `${fieldPrefix}note`);
  const env = validateEnv(input.env ?? [], `${fieldPrefix}env`);

  return db.transaction(async (tx) => {
    const { projectId, loadTestId, scriptVersion } = await storeScriptVersion(tx, input, fieldPrefix);
    const [run] = await tx
      .insert(testRuns)
      .values({
        organizationId: input.organizationId,
        projectId,
        loadTestId,
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
