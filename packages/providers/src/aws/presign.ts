import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";

/** Which archive to hand out, and for how long. */
export interface PresignArchiveOptions {
  bucket: string;
  /** The archive's object key, e.g. `archives/<sha256>.json`. */
  key: string;
  /**
   * How long the URL works, seconds (default 600). Keep it short: whoever holds the URL can read
   * the archive (the script and its files) until then. SigV4 allows at most 7 days.
   */
  expiresInSeconds?: number;
}

const DEFAULT_EXPIRES_IN_SECONDS = 600;
const MAX_EXPIRES_IN_SECONDS = 7 * 24 * 3600;

/**
 * A short-lived presigned GET URL of a run's archive in S3, so that an instance can download it
 * straight from S3 (close to it, and without the platform relaying the bytes) with no AWS
 * credentials of its own. Signing happens locally (SigV4 query parameters); no request is sent.
 * Signed with whatever credentials the client has: with temporary ones (a role), the URL also
 * stops working when they expire.
 *
 * @example
 * const s3 = new S3Client({ region: "us-east-1" });
 * const url = await presignArchiveUrl(s3, { bucket: "barrage-archives", key: `archives/${sha256}.json`, expiresInSeconds: 300 });
 */
export async function presignArchiveUrl(s3: S3Client, options: PresignArchiveOptions): Promise<string> {
  const expiresIn = options.expiresInSeconds ?? DEFAULT_EXPIRES_IN_SECONDS;
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_EXPIRES_IN_SECONDS)
    throw new RangeError(
      `expiresInSeconds must be a whole number from 1 to ${MAX_EXPIRES_IN_SECONDS} (7 days), not ${expiresIn}`,
    );
  if (!options.bucket || !options.key) throw new TypeError("presignArchiveUrl needs a bucket and a key");
  return getSignedUrl(s3, new GetObjectCommand({ Bucket: options.bucket, Key: options.key }), { expiresIn });
}
