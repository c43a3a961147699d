import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { safeArchivePath } from "./safe-path.js";

/** The archive document of docs/platform.md: the entry script and every file it needs, base64. */
export interface ArchiveDocument {
  version: 1;
  entry: string;
  files: Record<string, string>;
  options?: unknown;
}

/** Parses and checks an archive's bytes. */
export function parseArchive(bytes: Buffer): ArchiveDocument {
  let document: Partial<ArchiveDocument>;
  try {
    document = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new Error(`the archive is not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (document?.version !== 1)
    throw new Error(
      `the archive has version ${JSON.stringify(document?.version)}; this agent reads version 1`,
    );
  if (typeof document.entry !== "string") throw new Error('the archive has no "entry" file name');
  const files = document.files;
  if (typeof files !== "object" || files === null || Array.isArray(files))
    throw new Error('the archive has no "files" object');
  for (const [name, content] of Object.entries(files))
    if (typeof content !== "string")
      throw new Error(`archive file ${JSON.stringify(name)} is not a base64 string`);
  if (!Object.hasOwn(files, document.entry))
    throw new Error(`the archive's entry ${JSON.stringify(document.entry)} is not among its files`);
  return document as ArchiveDocument;
}

/**
 * Writes every file of the archive under `root`, readable by this user only, and returns the
 * entry script's path. Every name is checked with {@link safeArchivePath} before anything is written.
 */
export async function unpackArchive(document: ArchiveDocument, root: string): Promise<string> {
  const targets = Object.entries(document.files).map(([name, content]) => ({
    path: safeArchivePath(root, name),
    content,
  }));
  for (const { path, content } of targets) {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(path, Buffer.from(content, "base64"), { mode: 0o600, flag: "wx" });
  }
  return safeArchivePath(root, document.entry);
}
