import { ScriptError } from "@barrage/runner";
import { eq } from "drizzle-orm";
import type { Db } from "../db/database.js";
import { scriptVersions, testRuns } from "../db/schema/runs.js";
import { transitionRun } from "../runs/status.js";
import { validateScript } from "../sandbox/index.js";
import { parseAgentLoss } from "./agent-loss.js";
import type { PipelineDeps } from "./deps.js";
import { parseDistribution } from "./distribution.js";
import { enqueue } from "./jobs.js";
import { endRun, lockRun, readRun } from "./run-state.js";
import { scriptSourceOf } from "./script-source.js";

/**
 * Step 2 (design.md): evaluates the script's init context in the sandbox, checks its options, its
 * cloud distribution and its `cloud.agentLoss` policy, stores the options on the script version and the requirements and
 * distribution on the run, and moves it CREATED → VALIDATED with the `archive` job in the same
 * transaction. A bad script ends the run ABORTED_BY_SCRIPT_ERROR, with the message and the file,
 * line and column in the event's detail. A run that is no longer CREATED is left alone, so a
 * retried or duplicated job does nothing.
 */
export function validateStep(deps: PipelineDeps) {
  return async (runId: number, db: Db): Promise<void> => {
    const run = await readRun(db, runId);
    if (run.status !== "CREATED") return;
    const [version] = await db
      .select()
      .from(scriptVersions)
      .where(eq(scriptVersions.id, run.scriptVersionId));
    if (!version) throw new Error(`Run ${runId} has no script version ${run.scriptVersionId}`);
    let checked: Awaited<ReturnType<typeof validateScript>>;
    let distribution: ReturnType<typeof parseDistribution>;
    try {
      checked = await validateScript(scriptSourceOf(version), { limits: deps.sandboxLimits, env: run.env });
      distribution = parseDistribution(checked.options.cloud);
      parseAgentLoss(checked.options.cloud);
    } catch (error) {
      if (!(error instanceof ScriptError)) throw error;
      await endRun(db, runId, "ABORTED_BY_SCRIPT_ERROR", error.format(), {
        stage: error.stage,
        message: error.message,
        ...error.position,
      });
      return;
    }
    await db.transaction(async (tx) => {
      if ((await lockRun(tx, runId)).status !== "CREATED") return;
      await tx
        .update(scriptVersions)
        .set({ options: { ...checked.options } })
        .where(eq(scriptVersions.id, version.id));
      await tx
        .update(testRuns)
        .set({
          requirements: { ...checked.requirements },
          distribution: Object.fromEntries(
            distribution.map(({ label, loadZone, percent }) => [label, { loadZone, percent }]),
          ),
        })
        .where(eq(testRuns.id, runId));
      await transitionRun(tx, runId, "VALIDATED", null, {
        filesOpened: checked.filesOpened,
        modules: checked.modules,
      });
      await enqueue(tx, "archive", runId);
    });
  };
}
