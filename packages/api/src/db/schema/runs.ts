/**
 * Scripts, runs and everything a run produces, mirrored from `migrations/0001_core.sql` for typed
 * queries. The SQL is the source of truth (checks and partial indexes live only there).
 */
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import type { RunStatus } from "../../runs/status.js";
import { bigintNumber, createdAt, identityId } from "./columns.js";
import { loadTests, organizations, projects } from "./core.js";

/** How a run ended, as far as its thresholds tell: null while it runs or when nothing decided. */
export const RUN_RESULTS = ["PASSED", "FAILED", "ERROR"] as const;
/** The result of a finished run. */
export type RunResult = (typeof RUN_RESULTS)[number];

/** The life of one load generator of a run, from the provider's request to its release. */
export const INSTANCE_STATES = [
  "REQUESTED",
  "STARTING",
  "CALLED_HOME",
  "READY",
  "RUNNING",
  "FINISHED",
  "FAILED",
  "RELEASED",
] as const;
/** The state of a run instance. */
export type InstanceState = (typeof INSTANCE_STATES)[number];

/** The provider plugins a load zone can use (`@barrage/providers`). */
export const ZONE_PROVIDERS = ["local", "private", "aws"] as const;
/** The provider of a load zone. */
export type ZoneProvider = (typeof ZONE_PROVIDERS)[number];

/** A script's local files, path (relative to the entry script) to base64 bytes. */
export type ScriptFiles = Record<string, string>;

const runId = () =>
  bigintNumber("run_id")
    .notNull()
    .references(() => testRuns.id, { onDelete: "cascade" });

/** Content-addressed run archives; `storageKey` locates the bytes in the object store. */
export const archives = pgTable("archives", {
  sha256: text("sha256").primaryKey(),
  size: bigintNumber("size").notNull(),
  storageKey: text("storage_key").notNull(),
  createdAt: createdAt(),
});

/** The exact script a run ran; `options` is filled by the validate step. */
export const scriptVersions = pgTable(
  "script_versions",
  {
    id: identityId(),
    loadTestId: bigintNumber("load_test_id")
      .notNull()
      .references(() => loadTests.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    script: text("script").notNull(),
    entryName: text("entry_name").notNull().default("script.js"),
    files: jsonb("files").$type<ScriptFiles>().notNull().default({}),
    options: jsonb("options").$type<Record<string, unknown>>(),
    archiveSha256: text("archive_sha256").references(() => archives.sha256),
    createdAt: createdAt(),
  },
  (table) => [unique().on(table.loadTestId, table.version)],
);

/** One run of a load test. Its status changes only through `transitionRun` (src/runs/status.ts). */
export const testRuns = pgTable(
  "test_runs",
  {
    id: identityId(),
    organizationId: bigintNumber("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    projectId: bigintNumber("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    loadTestId: bigintNumber("load_test_id")
      .notNull()
      .references(() => loadTests.id, { onDelete: "cascade" }),
    scriptVersionId: bigintNumber("script_version_id")
      .notNull()
      .references(() => scriptVersions.id),
    status: text("status").$type<RunStatus>().notNull().default("CREATED"),
    statusReason: text("status_reason"),
    note: text("note"),
    tags: text("tags").array().notNull().default([]),
    env: jsonb("env").$type<Record<string, string>>().notNull().default({}),
    requirements: jsonb("requirements").$type<Record<string, unknown>>(),
    plan: jsonb("plan").$type<Record<string, unknown>>(),
    result: text("result").$type<RunResult>(),
    distribution: jsonb("distribution").$type<Record<string, unknown>>(),
    /** Lost an agent mid-test and went on without it (`options.cloud.agentLoss: "continue"`). */
    degraded: boolean("degraded").notNull().default(false),
    createdAt: createdAt(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
  },
  (table) => [
    index("test_runs_organization_id_idx").on(table.organizationId, table.id.desc()),
    index("test_runs_load_test_id_idx").on(table.loadTestId, table.id.desc()),
    index("test_runs_project_id_idx").on(table.projectId, table.id.desc()),
  ],
);

/** One row per status transition of a run, the first being CREATED. */
export const runEvents = pgTable(
  "run_events",
  {
    id: identityId(),
    runId: runId(),
    status: text("status").$type<RunStatus>().notNull(),
    reason: text("reason"),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("run_events_run_id_idx").on(table.runId, table.id)],
);

/** Where load generators run; `organizationId` is null for built-in zones every organization may use. */
export const loadZones = pgTable("load_zones", {
  id: identityId(),
  organizationId: bigintNumber("organization_id").references(() => organizations.id, {
    onDelete: "cascade",
  }),
  name: text("name").notNull(),
  provider: text("provider").$type<ZoneProvider>().notNull(),
  labels: jsonb("labels").$type<Record<string, string>>().notNull().default({}),
  vusPerAgent: integer("vus_per_agent").notNull(),
  config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
});

/** One load generator of a run with its execution segment. */
export const runInstances = pgTable(
  "run_instances",
  {
    id: identityId(),
    runId: runId(),
    loadZoneId: bigintNumber("load_zone_id")
      .notNull()
      .references(() => loadZones.id),
    providerRef: text("provider_ref"),
    segment: text("segment").notNull(),
    sequence: text("sequence").notNull(),
    state: text("state").$type<InstanceState>().notNull().default("REQUESTED"),
    bootstrapTokenHash: text("bootstrap_token_hash").unique(),
    certSerial: text("cert_serial").unique(),
    lastHeartbeatAt: timestamp("last_heartbeat_at", { withTimezone: true }),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (table) => [index("run_instances_run_id_idx").on(table.runId)],
);

/** The latest evaluation of each threshold of a run. */
export const thresholdResults = pgTable(
  "threshold_results",
  {
    id: identityId(),
    runId: runId(),
    name: text("name").notNull(),
    source: text("source").notNull(),
    ok: boolean("ok").notNull(),
    value: doublePrecision("value"),
    abortOnFail: boolean("abort_on_fail").notNull().default(false),
    evaluatedAt: timestamp("evaluated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique().on(table.runId, table.name, table.source)],
);

/** Performance insights found in a run, keyed `<set>_<name>`. */
export const insightResults = pgTable(
  "insight_results",
  {
    id: identityId(),
    runId: runId(),
    key: text("key").notNull(),
    severity: text("severity").notNull(),
    title: text("title").notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
  },
  (table) => [unique().on(table.runId, table.key)],
);

/** The run a load test's later runs are compared with. */
export const baselines = pgTable("baselines", {
  loadTestId: bigintNumber("load_test_id")
    .primaryKey()
    .references(() => loadTests.id, { onDelete: "cascade" }),
  runId: runId(),
  createdAt: createdAt(),
});

/** A script version as stored. */
export type ScriptVersionRow = typeof scriptVersions.$inferSelect;
/** A run as stored. */
export type TestRunRow = typeof testRuns.$inferSelect;
/** A run event as stored. */
export type RunEventRow = typeof runEvents.$inferSelect;
