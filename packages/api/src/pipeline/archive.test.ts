import { readFile } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { archives, scriptVersions } from "../db/schema/runs.js";
import { queuedJobs } from "../db/worker-jobs.test-helpers.js";
import {
  createScriptRun,
  type PipelineFixture,
  pipelineFixture,
  runJobs,
  runRow,
} from "./pipeline.test-helpers.js";

let fixture: PipelineFixture;
beforeAll(async () => {
  fixture = await pipelineFixture();
});
afterAll(() => fixture.close());

const script =
  'import { f } from "./lib/f.js";\nexport const options = { vus: 2, duration: "10s" };\nexport default f;\n';
const files = { "lib/f.js": "export function f() {}\n", "data/users.csv": "a,b\n" };

async function versionOf(runId: number) {
  const run = await runRow(fixture.db, runId);
  const [version] = await fixture.db
    .select()
    .from(scriptVersions)
    .where(eq(scriptVersions.id, run.scriptVersionId));
  if (!version) throw new Error("no version");
  return version;
}

describe("archive", () => {
  it("stores the archive document under its SHA-256 and enqueues plan", async () => {
    const { runId } = await createScriptRun(fixture, script, files);
    await runJobs(fixture, ["validate", "archive"]);
    const version = await versionOf(runId);
    expect(version.archiveSha256).toMatch(/^[0-9a-f]{64}$/);
    const sha = version.archiveSha256 as string;
    const [row] = await fixture.db.select().from(archives).where(eq(archives.sha256, sha));
    expect(row).toMatchObject({ storageKey: `archives/${sha}` });
    const bytes = await readFile(path.join(fixture.objectsDir, "archives", sha));
    expect(row?.size).toBe(bytes.length);
    const document = JSON.parse(bytes.toString());
    expect(document).toMatchObject({ version: 1, entry: "script.js", options: { scenarios: [{ vus: 2 }] } });
    expect(Object.keys(document.files)).toEqual(["data/users.csv", "lib/f.js", "script.js"]);
    expect(Buffer.from(document.files["script.js"], "base64").toString()).toBe(script);
    expect((await runRow(fixture.db, runId)).status).toBe("VALIDATED");
    const jobs = (await queuedJobs(fixture.database.pool)).filter((job) => job.key === `plan:${runId}`);
    expect(jobs).toHaveLength(1);
  });

  it("gives the same script the same archive", async () => {
    const first = await createScriptRun(fixture, script, files);
    const second = await createScriptRun(fixture, script, files);
    await runJobs(fixture, ["validate", "archive"]);
    expect((await versionOf(first.runId)).archiveSha256).toBe((await versionOf(second.runId)).archiveSha256);
  });

  it("does not build again for a version that has an archive, and still moves on to plan", async () => {
    const { runId } = await createScriptRun(fixture, script, files);
    await runJobs(fixture, ["validate", "archive"]);
    const sha = (await versionOf(runId)).archiveSha256 as string;
    await fixture.database.pool.query("delete from graphile_worker._private_jobs where key = $1", [
      `plan:${runId}`,
    ]);
    const puts: string[] = [];
    const store = fixture.deps.objectStore;
    const counting = {
      ...fixture.deps,
      objectStore: { put: async (key: string) => void puts.push(key), get: store.get.bind(store) },
    };
    await fixture.database.pool.query(
      "select graphile_worker.add_job('archive', json_build_object('runId', $1::bigint), job_key := 'archive-again')",
      [runId],
    );
    await runJobs(fixture, ["archive"], counting);
    expect(puts).toEqual([]);
    expect((await versionOf(runId)).archiveSha256).toBe(sha);
    expect(
      (await queuedJobs(fixture.database.pool)).filter((job) => job.key === `plan:${runId}`),
    ).toHaveLength(1);
  });
});
