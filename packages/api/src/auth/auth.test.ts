import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../db/database.js";
import { apiTokens } from "../db/schema/core.js";
import { createTestDatabase, type TestDatabase } from "../db/test-database.test-helpers.js";
import { createOrganization } from "../organizations/create-organization.js";
import { authenticate } from "./authenticate.js";
import { createApiToken } from "./create-api-token.js";
import { revokeApiToken } from "./revoke-api-token.js";
import { allows, requireScope } from "./scopes.js";
import { hashToken } from "./token.js";

let database: TestDatabase;
let db: Db;
let organizationId: number;

beforeAll(async () => {
  database = await createTestDatabase({ workerSchema: false });
  db = createDb(database.pool);
  organizationId = await createOrganization(db, "acme");
});
afterAll(() => database.drop());

describe("createApiToken", () => {
  it("returns a brg_ secret once and stores only its SHA-256 and a short prefix", async () => {
    const token = await createApiToken(db, organizationId, "CI", ["WRITE", "WRITE"]);
    expect(token.secret).toMatch(/^brg_[A-Za-z0-9_-]{43}$/);
    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, token.id));
    expect(row).toMatchObject({
      organizationId,
      name: "CI",
      tokenHash: hashToken(token.secret),
      prefix: token.secret.slice(0, 12),
      scopes: ["WRITE"],
      lastUsedAt: null,
      revokedAt: null,
    });
    const { rows } = await database.pool.query("select * from api_tokens");
    expect(JSON.stringify(rows)).not.toContain(token.secret);
  });

  it("refuses unknown scopes, no scopes and an empty name, naming the field", async () => {
    await expect(createApiToken(db, organizationId, "x", ["SUPERUSER"])).rejects.toMatchObject({
      code: "BAD_USER_INPUT",
      extensions: { field: "scopes" },
      message: expect.stringContaining("READ, WRITE, ADMIN"),
    });
    await expect(createApiToken(db, organizationId, "x", [])).rejects.toMatchObject({
      extensions: { field: "scopes" },
    });
    await expect(createApiToken(db, organizationId, " ", ["READ"])).rejects.toMatchObject({
      extensions: { field: "name" },
    });
  });
});

describe("authenticate", () => {
  it("resolves a bearer token to its organization and scopes and records its use", async () => {
    const token = await createApiToken(db, organizationId, "reader", ["READ"]);
    expect(await authenticate(db, `Bearer ${token.secret}`)).toEqual({
      organizationId,
      tokenId: token.id,
      scopes: ["READ"],
    });
    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, token.id));
    expect(row?.lastUsedAt).toBeInstanceOf(Date);
  });

  it.each([
    ["no header", undefined],
    ["another scheme", "Basic dXNlcjpwYXNz"],
    ["a malformed token", "Bearer brg_short"],
    ["an unknown token", `Bearer brg_${"A".repeat(43)}`],
  ])("refuses %s as UNAUTHENTICATED", async (_, header) => {
    await expect(authenticate(db, header)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("refuses a revoked token without repeating it", async () => {
    const token = await createApiToken(db, organizationId, "leaked", ["ADMIN"]);
    await revokeApiToken(db, organizationId, token.id);
    const error = await authenticate(db, `Bearer ${token.secret}`).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "UNAUTHENTICATED" });
    expect(String((error as Error).message)).not.toContain(token.secret);
  });

  it("cannot revoke another organization's token", async () => {
    const other = await createOrganization(db, "other");
    const token = await createApiToken(db, other, "theirs", ["READ"]);
    await expect(revokeApiToken(db, organizationId, token.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await authenticate(db, `Bearer ${token.secret}`)).toMatchObject({ organizationId: other });
  });
});

describe("scopes", () => {
  it("orders READ < WRITE < ADMIN", () => {
    expect(allows(["ADMIN"], "WRITE")).toBe(true);
    expect(allows(["WRITE"], "READ")).toBe(true);
    expect(allows(["READ"], "WRITE")).toBe(false);
    expect(() => requireScope(["WRITE"], "ADMIN")).toThrow(
      /needs a token with the ADMIN scope; this token has WRITE/,
    );
  });
});
