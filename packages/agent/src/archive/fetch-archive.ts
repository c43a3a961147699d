import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArchive, unpackArchive } from "./unpack.js";

/** An unpacked archive: the entry script to run, and how to remove it all. */
export interface UnpackedArchive {
  dir: string;
  entryPath: string;
  remove(): Promise<void>;
}

/**
 * Fetches the run's archive, checks that its SHA-256 is the one the assignment names (the archive
 * is content-addressed, so any other bytes are corrupt or not ours), and unpacks it into a new
 * private temporary directory (mode 0700).
 *
 * @example
 * const archive = await fetchArchive(() => client.archive(), assignment.archiveSha256);
 * try { await prepareTest({ scriptPath: archive.entryPath, ... }) } finally { await archive.remove() }
 */
export async function fetchArchive(
  download: () => Promise<Buffer>,
  expectedSha256: string,
): Promise<UnpackedArchive> {
  const bytes = await download();
  const actual = createHash("sha256").update(bytes).digest("hex");
  if (actual !== expectedSha256.toLowerCase())
    throw new Error(
      `the archive's SHA-256 is ${actual}, but the assignment names ${expectedSha256}: refusing to run it (${bytes.length} bytes received)`,
    );
  const document = parseArchive(bytes);
  const dir = await mkdtemp(join(tmpdir(), "barrage-agent-"));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    return { dir, entryPath: await unpackArchive(document, dir), remove };
  } catch (error) {
    await remove();
    throw error;
  }
}
