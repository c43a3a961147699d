import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../db/database.js";
import { archives, scriptVersions } from "../db/schema/runs.js";
import { buildArchive } from "./archive-document.js";
import type { PipelineDeps } from "./deps.js";
import { enqueue } from "./jobs.js";
import { lockRun, readRun } from "./run-state.js";
import { scriptSourceOf } from "./script-source.js";

/** The object-store key of an archive: content-addressed, so equal archives share one object. */
export function archiveKey(sha256: string): string {
  return `archives/${sha256}`;
}

/**
 * Step 3 (design.md): builds the run's archive (docs/platform.md) from the script version's files
 * and validated options, puts it in the object store under its SHA-256, records it in `archives`
 * and on the script version, and enqueues `plan` in the same transaction. The bytes are stored
 * before the row that points at them, so a crash in between leaves at worst an unreferenced object
 * that the retry overwrites with the same bytes. A version that already has an archive (built by
 * an earlier attempt, or uploaded whole) is not built again.
 */
export function archiveStep(deps: PipelineDeps) {
  return async (runId: number, db: Db): Promise<void> => {
    const run = await readRun(db, runId);
    if (run.status !== "VALIDATED" || run.plan !== null) return;
    const [version] = await db
      .select()
      .from(scriptVersions)
      .where(eq(scriptVersions.id, run.scriptVersionId));
    if (!version) throw new Error(`Run ${runId} has no script version ${run.scriptVersionId}`);
    const built =
      version.archiveSha256 === null ? buildArchive(scriptSourceOf(version), version.options) : undefined;
    if (built) await deps.objectStore.put(archiveKey(built.sha256), built.bytes);
    await db.transaction(async (tx) => {
      if (built) {
        await tx
          .insert(archives)
          .values({ sha256: built.sha256, size: built.bytes.length, storageKey: archiveKey(built.sha256) })
          .onConflictDoNothing();
        await tx
          .update(scriptVersions)
          .set({ archiveSha256: built.sha256 })
          .where(and(eq(scriptVersions.id, version.id), isNull(scriptVersions.archiveSha256)));
      }
      const locked = await lockRun(tx, runId);
      if (locked.status === "VALIDATED" && locked.plan === null) await enqueue(tx, "plan", runId);
    });
  };
}
