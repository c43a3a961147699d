import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../db/database.js";
import { loadTests } from "../db/schema/core.js";
import { scriptVersions } from "../db/schema/runs.js";
import { createTestDatabase, type TestDatabase } from "../db/test-database.test-helpers.js";
import { runModelCounts, type SeededOrganization, seedOrganization } from "../test-fixtures.test-helpers.js";
import { createRun } from "./create-run.js";
import { saveScript } from "./save-script.js";

let database: TestDatabase;
let db: Db;
let acme: SeededOrganization;
let other: SeededOrganization;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.pool);
  acme = await seedOrganization(db, "acme");
  other = await seedOrganization(db, "other");
});
afterAll(() => database.drop());

/** The versions of a load test of acme's project, by name, oldest first. */
async function versionsOf(loadTestName: string) {
  const rows = await db
    .select({ version: scriptVersions.version, script: scriptVersions.script })
    .from(scriptVersions)
    .innerJoin(loadTests, eq(loadTests.id, scriptVersions.loadTestId))
    .where(eq(loadTests.name, loadTestName))
    .orderBy(scriptVersions.version);
  return rows;
}

const script = (n: number) => `export default () => { /* ${n} */ }`;

describe("saveScript", () => {
  it("stores the next version of an existing test, and starts no run", async () => {
    const run = await createRun(db, {
      organizationId: acme.organizationId,
      projectId: acme.projectId,
      loadTestName: "checkout",
      script: script(1),
    });
    const before = await runModelCounts(database.pool);
    const saved = await saveScript(db, {
      organizationId: acme.organizationId,
      projectId: acme.projectId,
      loadTestName: " checkout ",
      script: script(2),
      files: [{ path: "data/users.json", base64: Buffer.from("[1]").toString("base64") }],
      scriptName: "load.js",
    });
    expect(saved).toMatchObject({
      loadTestId: run.loadTestId,
      version: 2,
      script: script(2),
      entryName: "load.js",
      files: { "data/users.json": "WzFd" },
      options: null,
    });
    // One more version; no run, no job.
    expect(await runModelCounts(database.pool)).toEqual({ ...before, versions: before.versions + 1 });
  });

  it("creates the test by name when the project has none, at version 1", async () => {
    const saved = await saveScript(db, {
      organizationId: acme.organizationId,
      projectId: acme.projectId,
      loadTestName: "search",
      script: script(1),
    });
    expect(saved.version).toBe(1);
    const [test] = await db.select().from(loadTests).where(eq(loadTests.id, saved.loadTestId));
    expect(test).toMatchObject({ name: "search", projectId: acme.projectId });
  });

  it("shares one numbering with runs: a run after a save stores the version after it", async () => {
    const input = { organizationId: acme.organizationId, projectId: acme.projectId, loadTestName: "shared" };
    await saveScript(db, { ...input, script: script(1) });
    const run = await createRun(db, { ...input, script: script(2) });
    await saveScript(db, { ...input, script: script(3) });
    expect(await versionsOf("shared")).toEqual([
      { version: 1, script: script(1) },
      { version: 2, script: script(2) },
      { version: 3, script: script(3) },
    ]);
    const [ran] = await db.select().from(scriptVersions).where(eq(scriptVersions.id, run.scriptVersionId));
    expect(ran?.version).toBe(2);
  });

  it("numbers concurrent saves of one test without a gap or a repeat", async () => {
    const input = { organizationId: acme.organizationId, projectId: acme.projectId, loadTestName: "busy" };
    await Promise.all([1, 2, 3, 4].map((n) => saveScript(db, { ...input, script: script(n) })));
    expect((await versionsOf("busy")).map((row) => row.version)).toEqual([1, 2, 3, 4]);
  });

  it("answers NOT_FOUND for another organization's project, and writes nothing", async () => {
    const before = await runModelCounts(database.pool);
    await expect(
      saveScript(
        db,
        {
          organizationId: other.organizationId,
          projectId: acme.projectId,
          loadTestName: "checkout",
          script: script(9),
        },
        "input.",
      ),
    ).rejects.toMatchObject({ code: "NOT_FOUND", extensions: { field: "input.projectId" } });
    expect(await runModelCounts(database.pool)).toEqual(before);
    expect((await versionsOf("checkout")).map((row) => row.version)).toEqual([1, 2]);
  });

  it.each([
    [{ loadTestName: "  " }, "input.loadTestName"],
    [{ loadTestName: "x".repeat(201) }, "input.loadTestName"],
    [{ script: " \n " }, "input.script"],
    [{ files: [{ path: "../secret.json", base64: "" }] }, "input.files[0].path"],
    [{ files: [{ path: "a.json", base64: "not base64!" }] }, "input.files[0].base64"],
    [{ scriptName: "tests/load.js" }, "input.scriptName"],
    [{ scriptName: "load.js", files: [{ path: "load.js", base64: "" }] }, "input.files"],
  ])("refuses bad input %o naming %s, and writes nothing", async (override, field) => {
    const before = await runModelCounts(database.pool);
    const input = {
      organizationId: acme.organizationId,
      projectId: acme.projectId,
      loadTestName: "bad input",
      script: script(1),
      ...override,
    };
    await expect(saveScript(db, input, "input.")).rejects.toMatchObject({
      code: "BAD_USER_INPUT",
      extensions: { field },
    });
    expect(await runModelCounts(database.pool)).toEqual(before);
  });
});
