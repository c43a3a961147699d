import { createHash, randomBytes } from "node:crypto";

/** Every API token starts with this, so that secret scanners and people can recognise one. */
export const TOKEN_PREFIX = "brg_";

const TOKEN_FORMAT = /^brg_[A-Za-z0-9_-]{43}$/;
/** Characters of the secret kept in clear for display: the prefix and 8 more, 48 bits. */
const DISPLAY_LENGTH = TOKEN_PREFIX.length + 8;

/** A freshly made token: the secret to hand out once, and what may be stored. */
export interface GeneratedToken {
  /** `brg_` and 32 random bytes in base64url. Shown once, never stored, never logged. */
  secret: string;
  /** SHA-256 hex of the secret, the only form the database keeps. */
  hash: string;
  /** The start of the secret, for telling tokens apart in a list. */
  prefix: string;
}

/** Makes a new random API token. */
export function generateToken(): GeneratedToken {
  const secret = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { secret, hash: hashToken(secret), prefix: secret.slice(0, DISPLAY_LENGTH) };
}

/**
 * The stored form of a token. A plain SHA-256 suffices (no salt, no slow hash): the secret has
 * 256 bits of entropy, so there is nothing to brute-force, and lookups stay one indexed query.
 */
export function hashToken(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Whether a string has the shape of an API token, checked before touching the database. */
export function isWellFormedToken(candidate: string): boolean {
  return TOKEN_FORMAT.test(candidate);
}
