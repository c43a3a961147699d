/**
 * Private load zones, mirrored from `migrations/0005_private_zones.sql` for typed queries. The SQL
 * is the source of truth (checks and partial indexes live only there).
 */
import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { bigintNumber, createdAt, identityId } from "./columns.js";
import { loadZones, runInstances, testRuns } from "./runs.js";

const at = (name: string) => timestamp(name, { withTimezone: true });

/** A zone's enrolment tokens: the SHA-256 of the secret only; at most one not revoked per zone. */
export const zoneEnrolmentTokens = pgTable("zone_enrolment_tokens", {
  id: identityId(),
  loadZoneId: bigintNumber("load_zone_id")
    .notNull()
    .references(() => loadZones.id, { onDelete: "cascade" }),
  tokenHash: text("token_hash").notNull().unique(),
  prefix: text("prefix").notNull(),
  createdAt: createdAt(),
  revokedAt: at("revoked_at"),
});

/** The agents enrolled in private zones. */
export const zoneAgents = pgTable("zone_agents", {
  id: identityId(),
  loadZoneId: bigintNumber("load_zone_id")
    .notNull()
    .references(() => loadZones.id, { onDelete: "cascade" }),
  enrolmentTokenId: bigintNumber("enrolment_token_id").references(() => zoneEnrolmentTokens.id, {
    onDelete: "set null",
  }),
  name: text("name").notNull(),
  version: text("version"),
  capacityVus: integer("capacity_vus"),
  certSerial: text("cert_serial").unique(),
  certNotAfter: at("cert_not_after"),
  lastSeenAt: at("last_seen_at"),
  offlineAt: at("offline_at"),
  enrolledAt: at("enrolled_at").notNull().defaultNow(),
  revokedAt: at("revoked_at"),
});

/** The work queue of private zones: one job per run instance allocated there. */
export const zoneJobs = pgTable("zone_jobs", {
  instanceId: bigintNumber("instance_id")
    .primaryKey()
    .references(() => runInstances.id, { onDelete: "cascade" }),
  runId: bigintNumber("run_id")
    .notNull()
    .references(() => testRuns.id, { onDelete: "cascade" }),
  loadZoneId: bigintNumber("load_zone_id")
    .notNull()
    .references(() => loadZones.id, { onDelete: "cascade" }),
  vus: integer("vus").notNull(),
  bootstrapToken: text("bootstrap_token"),
  agentId: bigintNumber("agent_id").references(() => zoneAgents.id, { onDelete: "set null" }),
  claimedAt: at("claimed_at"),
  closedAt: at("closed_at"),
  releasedAt: at("released_at"),
  createdAt: createdAt(),
});

/** The platform CA certificates agent ports serve with; the latest one is pinned in enrolment tokens. */
export const platformCaCertificates = pgTable("platform_ca_certificates", {
  sha256: text("sha256").primaryKey(),
  certificatePem: text("certificate_pem").notNull(),
  lastServedAt: at("last_served_at").notNull().defaultNow(),
});
