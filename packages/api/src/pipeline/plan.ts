import type { TestOptions } from "@barrage/runner";
import { eq } from "drizzle-orm";
import type { Db } from "../db/database.js";
import { runInstances, scriptVersions, testRuns } from "../db/schema/runs.js";
import type { LoadZone } from "./deps.js";
import { parseDistribution } from "./distribution.js";
import { enqueue } from "./jobs.js";
import { zoneNames, zonesByName } from "./load-zones.js";
import { endRun, lockRun, readRun } from "./run-state.js";
import { PlanError, splitRun, type ZoneAssignment } from "./split-run.js";

/**
 * Step 4 (design.md): splits the run across the zones of its distribution and into instances of at
 * most each zone's VUs per agent, every instance with a segment of one shared sequence; stores the
 * plan on the run and one `run_instances` row per instance (REQUESTED, without a bootstrap token:
 * allocate makes each token when it hands it to the provider, since only its hash is ever stored),
 * and enqueues `admit`, all in one transaction. An unknown zone, or a run that cannot be split,
 * ends the run ABORTED_BY_SCRIPT_ERROR naming the option. A run that already has a plan is left alone.
 */
export async function planStep(runId: number, db: Db): Promise<void> {
  const run = await readRun(db, runId);
  if (run.status !== "VALIDATED" || run.plan !== null) return;
  const [version] = await db
    .select({ options: scriptVersions.options })
    .from(scriptVersions)
    .where(eq(scriptVersions.id, run.scriptVersionId));
  const options = version?.options as TestOptions | null | undefined;
  if (!options) throw new Error(`Run ${runId} is VALIDATED but its script version has no options`);
  const shares = parseDistribution(options.cloud);
  const zones = await zonesByName(
    db,
    run.organizationId,
    shares.map((share) => share.loadZone),
  );
  const unknown = shares.find((share) => !zones.has(share.loadZone));
  if (unknown) {
    const known = (await zoneNames(db, run.organizationId)).join(", ");
    await endRun(
      db,
      runId,
      "ABORTED_BY_SCRIPT_ERROR",
      `options.cloud.distribution.${unknown.label}.loadZone: there is no load zone "${unknown.loadZone}"; the zones are ${known}`,
      { option: `options.cloud.distribution.${unknown.label}.loadZone` },
    );
    return;
  }
  const assignments: ZoneAssignment[] = shares.map((share) => ({
    share,
    zone: zones.get(share.loadZone) as LoadZone,
  }));
  let plan: ReturnType<typeof splitRun>;
  try {
    plan = splitRun(options.scenarios, assignments);
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    await endRun(db, runId, "ABORTED_BY_SCRIPT_ERROR", `options.cloud.distribution: ${error.message}`, {
      option: "options.cloud.distribution",
    });
    return;
  }
  await db.transaction(async (tx) => {
    const locked = await lockRun(tx, runId);
    if (locked.status !== "VALIDATED" || locked.plan !== null) return;
    await tx
      .update(testRuns)
      .set({ plan: { ...plan } })
      .where(eq(testRuns.id, runId));
    await tx.insert(runInstances).values(
      plan.instances.map((instance) => ({
        runId,
        loadZoneId: (zones.get(instance.loadZone) as LoadZone).id,
        segment: instance.segment,
        sequence: plan.sequence,
      })),
    );
    await enqueue(tx, "admit", runId);
  });
}
