import { bigint, timestamp } from "drizzle-orm/pg-core";

/** `id bigint generated always as identity primary key`, the id of every table (docs/platform.md). */
export const identityId = () => bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity();

/** A `bigint` column (ids, sizes, durations) read as a JavaScript number: all stay below 2^53. */
export const bigintNumber = (name: string) => bigint(name, { mode: "number" });

/** `created_at timestamptz not null default now()`. */
export const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
