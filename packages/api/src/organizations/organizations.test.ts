import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate } from "../auth/authenticate.js";
import { createDb, type Db } from "../db/database.js";
import { createTestDatabase, type TestDatabase } from "../db/test-database.test-helpers.js";
import { createOrganization } from "./create-organization.js";
import { ensureDefaultOrganization } from "./ensure-default-organization.js";
import { getOrganizationLimits, setOrganizationLimits } from "./limits.js";

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase({ workerSchema: false });
  db = createDb(database.pool);
});
afterAll(() => database.drop());

describe("ensureDefaultOrganization", () => {
  it("on a fresh database, creates one organization and project and prints one working admin token", async () => {
    const printed: string[] = [];
    const results = await Promise.all(
      [1, 2, 3].map(() => ensureDefaultOrganization(database.pool, (text) => printed.push(text))),
    );
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(printed).toHaveLength(1);
    const token = /brg_[A-Za-z0-9_-]{43}/.exec(printed[0] ?? "")?.[0];
    expect(token).toBeDefined();
    const viewer = await authenticate(db, `Bearer ${token}`);
    expect(viewer.scopes).toEqual(["ADMIN"]);
    const { rows } = await database.pool.query(
      "select o.name as organization, p.name as project from organizations o join projects p on p.organization_id = o.id",
    );
    expect(rows).toEqual([{ organization: "default", project: "default" }]);

    expect(await ensureDefaultOrganization(database.pool, (text) => printed.push(text))).toEqual({
      created: false,
    });
    expect(printed).toHaveLength(1);
  });
});

describe("organization limits", () => {
  it("are all null until set, then read back as set", async () => {
    const organizationId = await createOrganization(db, "limited");
    expect(await getOrganizationLimits(db, organizationId)).toEqual({
      maxVus: null,
      maxDurationMs: null,
      maxConcurrentRuns: null,
    });
    await setOrganizationLimits(db, organizationId, {
      maxVus: 500,
      maxDurationMs: 3_600_000,
      maxConcurrentRuns: 2,
    });
    await setOrganizationLimits(db, organizationId, {
      maxVus: 1000,
      maxDurationMs: null,
      maxConcurrentRuns: 2,
    });
    expect(await getOrganizationLimits(db, organizationId)).toEqual({
      maxVus: 1000,
      maxDurationMs: null,
      maxConcurrentRuns: 2,
    });
  });

  it("refuses a limit that is not a positive integer, naming the field", async () => {
    const organizationId = await createOrganization(db, "strict");
    await expect(
      setOrganizationLimits(
        db,
        organizationId,
        { maxVus: 0, maxDurationMs: null, maxConcurrentRuns: null },
        "input.",
      ),
    ).rejects.toMatchObject({ code: "BAD_USER_INPUT", extensions: { field: "input.maxVus" } });
  });
});
