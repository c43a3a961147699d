/**
 * Organizations, people, tokens, projects and load tests, mirrored from `migrations/0001_core.sql`
 * for typed queries. The SQL is the source of truth (checks and partial indexes live only there);
 * these definitions give columns, keys and their TypeScript types.
 */
import { index, integer, pgTable, primaryKey, text, timestamp, unique } from "drizzle-orm/pg-core";
import { bigintNumber, createdAt, identityId } from "./columns.js";

/** The roles a member can hold in an organization, most powerful first. */
export const MEMBER_ROLES = ["OWNER", "ADMIN", "MEMBER", "READ_ONLY"] as const;
/** A member's role in an organization. */
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** What an API token may do: `READ` everything of its organization, `WRITE` it, `ADMIN` its settings. */
export const TOKEN_SCOPES = ["READ", "WRITE", "ADMIN"] as const;
/** One scope of an API token. */
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** The tenant: everything else belongs to exactly one organization. */
export const organizations = pgTable("organizations", {
  id: identityId(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

/** People; their access to an organization is a {@link members} row. */
export const users = pgTable("users", {
  id: identityId(),
  name: text("name").notNull(),
  email: text("email").notNull(),
  createdAt: createdAt(),
});

/** A user's role in an organization. */
export const members = pgTable(
  "members",
  {
    organizationId: bigintNumber("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: bigintNumber("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role").$type<MemberRole>().notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.organizationId, table.userId] }),
    index("members_user_id_idx").on(table.userId),
  ],
);

/** API tokens: only the SHA-256 of the secret is kept; `prefix` lets a person tell tokens apart. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: identityId(),
    organizationId: bigintNumber("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    prefix: text("prefix").notNull(),
    scopes: text("scopes").array().$type<TokenScope[]>().notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (table) => [index("api_tokens_organization_id_idx").on(table.organizationId)],
);

/** An organization's limits; a missing row or a null column means no limit. */
export const orgLimits = pgTable("org_limits", {
  organizationId: bigintNumber("organization_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  maxVus: integer("max_vus"),
  maxDurationMs: bigintNumber("max_duration_ms"),
  maxConcurrentRuns: integer("max_concurrent_runs"),
});

/** A folder of load tests inside an organization. */
export const projects = pgTable(
  "projects",
  {
    id: identityId(),
    organizationId: bigintNumber("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (table) => [unique().on(table.organizationId, table.name)],
);

/** A named test in a project; its scripts are {@link scriptVersions}, its runs `testRuns`. */
export const loadTests = pgTable(
  "load_tests",
  {
    id: identityId(),
    projectId: bigintNumber("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (table) => [unique().on(table.projectId, table.name)],
);

/** An organization as stored. */
export type OrganizationRow = typeof organizations.$inferSelect;
/** A project as stored. */
export type ProjectRow = typeof projects.$inferSelect;
/** A load test as stored. */
export type LoadTestRow = typeof loadTests.$inferSelect;
