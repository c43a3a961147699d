import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeArchive as archive } from "./archive.test-helpers.js";
import { fetchArchive } from "./fetch-archive.js";

describe("fetchArchive", () => {
  it("unpacks a verified archive into a private directory and returns the entry", async () => {
    const { bytes, sha256 } = archive({ "test.js": "export default 1", "data/users.json": "[1,2]" });
    const unpacked = await fetchArchive(async () => bytes, sha256.toUpperCase());
    try {
      expect(unpacked.entryPath).toBe(join(unpacked.dir, "test.js"));
      expect(dirname(unpacked.dir)).toBe(tmpdir());
      expect(await readFile(join(unpacked.dir, "data/users.json"), "utf8")).toBe("[1,2]");
      expect((await stat(unpacked.dir)).mode & 0o777).toBe(0o700);
      expect((await stat(unpacked.entryPath)).mode & 0o777).toBe(0o600);
    } finally {
      await unpacked.remove();
    }
    await expect(stat(unpacked.dir)).rejects.toThrow(/ENOENT/);
  });

  it("refuses bytes whose SHA-256 is not the assignment's", async () => {
    const { bytes, sha256 } = archive({ "test.js": "x" });
    const tampered = Buffer.from(bytes.toString().replace("eA==", "eQ=="));
    await expect(fetchArchive(async () => tampered, sha256)).rejects.toThrow(
      /the archive's SHA-256 is [0-9a-f]{64}, but the assignment names/,
    );
  });

  it("refuses an archive with a path that escapes, writing nothing", async () => {
    const { bytes, sha256 } = archive({ "test.js": "x", "../../evil.js": "y" });
    await expect(fetchArchive(async () => bytes, sha256)).rejects.toThrow(
      'archive entry "../../evil.js" is refused: it contains ".."',
    );
    await expect(stat(join(tmpdir(), "..", "evil.js"))).rejects.toThrow(/ENOENT/);
  });

  it("refuses archives that are not version 1 documents with their entry", async () => {
    const notJson = Buffer.from("PK\x03\x04");
    await expect(
      fetchArchive(async () => notJson, createHash("sha256").update(notJson).digest("hex")),
    ).rejects.toThrow(/the archive is not JSON/);
    const { bytes, sha256 } = archive({ "main.js": "x" });
    await expect(fetchArchive(async () => bytes, sha256)).rejects.toThrow(
      'the archive\'s entry "test.js" is not among its files',
    );
  });
});
