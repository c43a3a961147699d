import { TOKEN_SCOPES, type TokenScope } from "../db/schema/core.js";
import { BarrageError, badInput } from "../errors.js";

/**
 * Each scope includes the ones before it: ADMIN can write, WRITE can read. A token is created
 * with the scopes it was given and this ordering decides what they allow.
 */
const RANK: Record<TokenScope, number> = { READ: 0, WRITE: 1, ADMIN: 2 };

/** Whether scopes held by a token allow an action that needs `needed`. */
export function allows(held: readonly TokenScope[], needed: TokenScope): boolean {
  return held.some((scope) => RANK[scope] >= RANK[needed]);
}

/** Throws FORBIDDEN unless the scopes allow `needed`, naming what is missing. */
export function requireScope(held: readonly TokenScope[], needed: TokenScope): void {
  if (!allows(held, needed)) {
    throw new BarrageError(
      "FORBIDDEN",
      `This needs a token with the ${needed} scope; this token has ${held.join(", ") || "none"}`,
      { requiredScope: needed },
    );
  }
}

/** Checks scopes a caller asked for: known, at least one; returns them without duplicates. */
export function parseScopes(scopes: readonly string[], field: string): TokenScope[] {
  const unknown = scopes.filter((scope) => !(TOKEN_SCOPES as readonly string[]).includes(scope));
  if (unknown.length) {
    throw badInput(field, `Unknown scope ${unknown.join(", ")}; scopes are ${TOKEN_SCOPES.join(", ")}`);
  }
  if (!scopes.length) throw badInput(field, `A token needs at least one scope of ${TOKEN_SCOPES.join(", ")}`);
  return [...new Set(scopes as TokenScope[])];
}
