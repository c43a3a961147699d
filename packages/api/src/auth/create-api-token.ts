import type { Db } from "../db/database.js";
import { apiTokens } from "../db/schema/core.js";
import { badInput } from "../errors.js";
import { parseScopes } from "./scopes.js";
import { generateToken } from "./token.js";

/** A token just created: `secret` is the only copy there will ever be. */
export interface CreatedApiToken {
  id: number;
  /** The bearer token to hand to the user once. */
  secret: string;
  /** Its first characters, as listings show them. */
  prefix: string;
}

/**
 * Creates an API token of an organization with the given scopes (READ, WRITE, ADMIN) and returns
 * its secret. Only the secret's SHA-256 is stored, so it cannot be shown again.
 *
 * @example
 * const { secret } = await createApiToken(db, organizationId, "CI", ["WRITE"]);
 */
export async function createApiToken(
  db: Db,
  organizationId: number,
  name: string,
  scopes: readonly string[],
): Promise<CreatedApiToken> {
  if (!name.trim()) throw badInput("name", "A token needs a name, such as where it is used");
  const checkedScopes = parseScopes(scopes, "scopes");
  const token = generateToken();
  const [row] = await db
    .insert(apiTokens)
    .values({
      organizationId,
      name: name.trim(),
      tokenHash: token.hash,
      prefix: token.prefix,
      scopes: checkedScopes,
    })
    .returning({ id: apiTokens.id });
  if (!row) throw new Error("Inserting the API token returned no row");
  return { id: row.id, secret: token.secret, prefix: token.prefix };
}
