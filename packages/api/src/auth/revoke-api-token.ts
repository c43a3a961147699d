import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/database.js";
import { apiTokens } from "../db/schema/core.js";
import { BarrageError } from "../errors.js";

/**
 * Revokes an organization's token; it is refused from then on. Revoking a revoked token is a
 * no-op, and another organization's token is NOT_FOUND.
 */
export async function revokeApiToken(db: Db, organizationId: number, tokenId: number): Promise<void> {
  const [token] = await db
    .select({ revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.organizationId, organizationId)));
  if (!token) throw new BarrageError("NOT_FOUND", `No API token ${tokenId} in this organization`);
  await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)));
}
