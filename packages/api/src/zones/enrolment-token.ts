import { randomBytes, X509Certificate } from "node:crypto";
import { hashToken } from "../auth/token.js";

/** Every enrolment token starts with this, so that secret scanners and people can tell it from an API token (`brg_`). */
export const ENROLMENT_TOKEN_PREFIX = "brz_";

const TOKEN_FORMAT = /^brz_[A-Za-z0-9_-]{43}(\.[0-9a-f]{64})?$/;
/** Characters shown in listings: the prefix and 8 more, 48 bits, as for API tokens. */
const DISPLAY_LENGTH = ENROLMENT_TOKEN_PREFIX.length + 8;

/** A new enrolment token: the secret to show once, and what may be stored. */
export interface GeneratedEnrolmentToken {
  /** `brz_<32 random bytes, base64url>` and, when the CA is known, `.<SHA-256 of the CA certificate>`. */
  secret: string;
  /** SHA-256 hex of the whole secret: the only form the database keeps. */
  hash: string;
  /** Its start, for telling tokens apart in a list. */
  prefix: string;
}

/**
 * Makes an enrolment token. When the platform CA's fingerprint is known it is appended after a dot
 * (as kubeadm's `--discovery-token-ca-cert-hash` does), so that `barrage agent` can fetch the CA
 * certificate from the agent port, check it against the pin and only then send the token: a
 * machine given just the token and the URL trusts nobody but the platform.
 *
 * @example
 * const { secret, hash, prefix } = generateEnrolmentToken(caFingerprint(caPem));
 */
export function generateEnrolmentToken(caSha256: string | undefined): GeneratedEnrolmentToken {
  const random = `${ENROLMENT_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const secret = caSha256 ? `${random}.${caSha256}` : random;
  return { secret, hash: hashToken(secret), prefix: secret.slice(0, DISPLAY_LENGTH) };
}

/** Whether a string has the shape of an enrolment token, checked before touching the database. */
export function isWellFormedEnrolmentToken(candidate: string): boolean {
  return TOKEN_FORMAT.test(candidate);
}

/**
 * The SHA-256 of a certificate's DER bytes, lower-case hex without separators: what
 * `openssl x509 -noout -fingerprint -sha256` prints, minus the colons.
 */
export function caFingerprint(certificatePem: string): string {
  return new X509Certificate(certificatePem).fingerprint256.replaceAll(":", "").toLowerCase();
}
