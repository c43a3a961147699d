import { createHash } from "node:crypto";
import type { ScriptSource } from "../sandbox/index.js";

/** A run archive's bytes and the SHA-256 (hex) they are stored and fetched by. */
export interface ArchiveBytes {
  bytes: Buffer;
  sha256: string;
}

/**
 * Builds the archive document of docs/platform.md, `{version: 1, entry, files, options}`, from a
 * script's files (the entry among them) and its validated options. Files are written in path
 * order, so the same script and options always make the same bytes and so the same address.
 */
export function buildArchive(source: ScriptSource, options: unknown): ArchiveBytes {
  const files = Object.fromEntries(
    Object.keys(source.files)
      .sort()
      .map((name) => [name, source.files[name]]),
  );
  const bytes = Buffer.from(JSON.stringify({ version: 1, entry: source.entry, files, options }));
  return { bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
}
