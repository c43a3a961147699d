import { createHash } from "node:crypto";

/** An archive document (docs/platform.md, "Archive") of `files` (name → source text), and its SHA-256. */
export function makeArchive(
  files: Record<string, string>,
  entry = "test.js",
): { bytes: Buffer; sha256: string } {
  const encoded = Object.fromEntries(
    Object.entries(files).map(([name, text]) => [name, Buffer.from(text).toString("base64")]),
  );
  const bytes = Buffer.from(JSON.stringify({ version: 1, entry, files: encoded, options: {} }));
  return { bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
}
