import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../db/database.js";
import { apiTokens, type TokenScope } from "../db/schema/core.js";
import { BarrageError } from "../errors.js";
import { hashToken, isWellFormedToken } from "./token.js";

/** Who is calling: an API token of one organization. */
export interface Viewer {
  organizationId: number;
  tokenId: number;
  scopes: TokenScope[];
}

/** How often `last_used_at` is written at most, so that busy tokens do not cost a write a request. */
const LAST_USED_RESOLUTION = sql`interval '1 minute'`;

/**
 * Resolves an `Authorization: Bearer brg_...` header to its token's organization and scopes.
 * Anything else (no header, another scheme, a malformed, unknown or revoked token) is an
 * UNAUTHENTICATED {@link BarrageError} whose message never repeats the token.
 *
 * @example
 * const viewer = await authenticate(db, req.headers.authorization);
 */
export async function authenticate(db: Db, authorizationHeader: string | undefined | null): Promise<Viewer> {
  if (!authorizationHeader) {
    throw new BarrageError("UNAUTHENTICATED", "Send an API token as `Authorization: Bearer brg_...`");
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorizationHeader);
  if (!match?.[1] || !isWellFormedToken(match[1])) {
    throw new BarrageError(
      "UNAUTHENTICATED",
      "The Authorization header must be `Bearer ` followed by an API token starting with brg_",
    );
  }
  const tokenHash = hashToken(match[1]);
  const [token] = await db
    .select({ id: apiTokens.id, organizationId: apiTokens.organizationId, scopes: apiTokens.scopes })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
  if (!token) throw new BarrageError("UNAUTHENTICATED", "This API token is unknown or was revoked");
  await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiTokens.id, token.id),
        or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, sql`now() - ${LAST_USED_RESOLUTION}`)),
      ),
    );
  return { organizationId: token.organizationId, tokenId: token.id, scopes: token.scopes };
}
