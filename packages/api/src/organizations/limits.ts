import { eq } from "drizzle-orm";
import type { Db } from "../db/database.js";
import { orgLimits } from "../db/schema/core.js";
import { badInput } from "../errors.js";

/** An organization's limits; null means no limit. */
export interface OrganizationLimits {
  maxVus: number | null;
  maxDurationMs: number | null;
  maxConcurrentRuns: number | null;
}

const NO_LIMITS: OrganizationLimits = { maxVus: null, maxDurationMs: null, maxConcurrentRuns: null };

/** Reads an organization's limits (all null when none were ever set). */
export async function getOrganizationLimits(db: Db, organizationId: number): Promise<OrganizationLimits> {
  const [row] = await db
    .select({
      maxVus: orgLimits.maxVus,
      maxDurationMs: orgLimits.maxDurationMs,
      maxConcurrentRuns: orgLimits.maxConcurrentRuns,
    })
    .from(orgLimits)
    .where(eq(orgLimits.organizationId, organizationId));
  return row ?? NO_LIMITS;
}

/**
 * Replaces an organization's limits. Each is a positive integer or null for none; a bad value is
 * BAD_USER_INPUT naming the field (prefixed by `fieldPrefix`).
 */
export async function setOrganizationLimits(
  db: Db,
  organizationId: number,
  limits: OrganizationLimits,
  fieldPrefix = "",
): Promise<OrganizationLimits> {
  for (const [field, value] of Object.entries(limits)) {
    if (value !== null && !(Number.isSafeInteger(value) && value > 0)) {
      throw badInput(`${fieldPrefix}${field}`, `${field} must be a positive integer, or null for no limit`);
    }
  }
  await db
    .insert(orgLimits)
    .values({ organizationId, ...limits })
    .onConflictDoUpdate({ target: orgLimits.organizationId, set: limits });
  return limits;
}
