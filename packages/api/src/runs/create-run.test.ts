import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../db/database.js";
import { loadTests } from "../db/schema/core.js";
import { runEvents, scriptVersions, testRuns } from "../db/schema/runs.js";
import { createTestDatabase, type TestDatabase } from "../db/test-database.test-helpers.js";
import { queuedJobs } from "../db/worker-jobs.test-helpers.js";
import { runModelCounts, type SeededOrganization, seedOrganization } from "../test-fixtures.test-helpers.js";
import { createRun } from "./create-run.js";

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

describe("createRun", () => {
  it("stores the test, the exact script, the run in CREATED, its first event and the validate job", async () => {
    const run = await createRun(db, {
      organizationId: acme.organizationId,
      projectId: acme.projectId,
      loadTestName: " checkout ",
      script: "import data from './data/users.json';",
      files: [{ path: "data/users.json", base64: Buffer.from("[1]").toString("base64") }],
      note: "after the cache change",
      tags: ["ci", "nightly", "ci"],
    });
    expect(run).toMatchObject({ status: "CREATED", note: "after the cache change", tags: ["ci", "nightly"] });
    const [version] = await db
      .select()
      .from(scriptVersions)
      .where(eq(scriptVersions.id, run.scriptVersionId));
    expect(version).toMatchObject({
      version: 1,
      script: "import data from './data/users.json';",
      files: { "data/users.json": "WzFd" },
      options: null,
    });
    const [test] = await db.select().from(loadTests).where(eq(loadTests.id, run.loadTestId));
    expect(test?.name).toBe("checkout");
    expect(
      await db.select({ status: runEvents.status }).from(runEvents).where(eq(runEvents.runId, run.id)),
    ).toEqual([{ status: "CREATED" }]);
    expect(await queuedJobs(database.pool)).toEqual([
      { task: "validate", payload: { runId: run.id }, key: `validate:${run.id}` },
    ]);
  });

  it("keeps the entry script's name and the run's environment", async () => {
    const run = await createRun(db, {
      organizationId: acme.organizationId,
      projectId: acme.projectId,
      loadTestName: "env",
      script: "export default () => {}",
      scriptName: "load.js",
      env: [
        { name: "BASE_URL", value: "http://127.0.0.1:8080" },
        { name: "_x1", value: "" },
      ],
    });
    expect(run.env).toEqual({ BASE_URL: "http://127.0.0.1:8080", _x1: "" });
    const [version] = await db
      .select()
      .from(scriptVersions)
      .where(eq(scriptVersions.id, run.scriptVersionId));
    expect(version?.entryName).toBe("load.js");
  });

  it("reuses the load test by name and numbers its script versions", async () => {
    const input = {
      organizationId: acme.organizationId,
      projectId: acme.projectId,
      loadTestName: "numbering",
      script: "export default () => {}",
    };
    const runs = await Promise.all([createRun(db, input), createRun(db, input), createRun(db, input)]);
    const loadTestIds = [...new Set(runs.map((run) => run.loadTestId))];
    expect(loadTestIds).toHaveLength(1);
    const versions = await db
      .select({ version: scriptVersions.version })
      .from(scriptVersions)
      .where(inArray(scriptVersions.loadTestId, loadTestIds));
    expect(versions.map((row) => row.version).sort()).toEqual([1, 2, 3]);
  });

  it("writes nothing when any part fails", async () => {
    const before = await runModelCounts(database.pool);
    await database.pool.query("alter table run_events add constraint no_events check (false) not valid");
    try {
      await expect(
        createRun(db, {
          organizationId: acme.organizationId,
          projectId: acme.projectId,
          loadTestName: "atomic",
          script: "export default () => {}",
        }),
      ).rejects.toThrow();
    } finally {
      await database.pool.query("alter table run_events drop constraint no_events");
    }
    expect(await runModelCounts(database.pool)).toEqual(before);
  });

  it("answers NOT_FOUND for another organization's project", async () => {
    await expect(
      createRun(db, {
        organizationId: other.organizationId,
        projectId: acme.projectId,
        loadTestName: "sneaky",
        script: "export default () => {}",
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.select().from(testRuns).where(eq(testRuns.organizationId, other.organizationId))).toEqual(
      [],
    );
  });

  it.each([
    [{ loadTestName: "" }, "input.loadTestName"],
    [{ script: "  " }, "input.script"],
    [{ files: [{ path: "../etc/passwd", base64: "" }] }, "input.files[0].path"],
    [{ files: [{ path: "/abs.js", base64: "" }] }, "input.files[0].path"],
    [{ files: [{ path: "a/./b.js", base64: "" }] }, "input.files[0].path"],
    [{ files: [{ path: "a.js", base64: "not base64!" }] }, "input.files[0].base64"],
    [
      {
        files: [
          { path: "a.js", base64: "" },
          { path: "a.js", base64: "" },
        ],
      },
      "input.files[1].path",
    ],
    [{ scriptName: "tests/load.js" }, "input.scriptName"],
    [{ scriptName: ".." }, "input.scriptName"],
    [{ scriptName: "load.js", files: [{ path: "load.js", base64: "" }] }, "input.files"],
    [{ env: [{ name: "1X", value: "" }] }, "input.env"],
    [{ env: [{ name: "BASE-URL", value: "" }] }, "input.env"],
    [
      {
        env: [
          { name: "X", value: "1" },
          { name: "X", value: "2" },
        ],
      },
      "input.env",
    ],
    [{ env: [{ name: "BIG", value: "x".repeat(70_000) }] }, "input.env"],
    [{ tags: ["a,b"] }, "input.tags"],
    [{ tags: [""] }, "input.tags"],
  ])("refuses bad input %o naming %s", async (override, field) => {
    const input = {
      organizationId: acme.organizationId,
      projectId: acme.projectId,
      loadTestName: "bad input",
      script: "export default () => {}",
      ...override,
    };
    await expect(createRun(db, input, "input.")).rejects.toMatchObject({
      code: "BAD_USER_INPUT",
      extensions: { field },
    });
  });
});
