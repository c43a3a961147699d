import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDirectoryObjectStore } from "./local-directory-store.js";
import { ObjectNotFoundError } from "./object-store.js";

let directory: string;
let store: LocalDirectoryObjectStore;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "barrage-objects-"));
  store = new LocalDirectoryObjectStore(join(directory, "objects"));
});

afterAll(() => rm(directory, { recursive: true, force: true }));

describe("LocalDirectoryObjectStore", () => {
  it("gets back what was put, replaced by a later put, with private permissions", async () => {
    await store.put("archives/abc", Buffer.from("first"));
    await store.put("archives/abc", Buffer.from("second"));
    expect((await store.get("archives/abc")).toString()).toBe("second");
    expect((await stat(join(directory, "objects", "archives", "abc"))).mode & 0o777).toBe(0o600);
    expect((await stat(join(directory, "objects", "archives"))).mode & 0o777).toBe(0o700);
    // No temporary file is left behind.
    expect(await readdir(join(directory, "objects", "archives"))).toEqual(["abc"]);
  });

  it("says which key is missing", async () => {
    const error = await store.get("archives/missing").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectNotFoundError);
    expect((error as Error).message).toContain('"archives/missing"');
  });

  it.each(["../escape", "/etc/passwd", "a//b", "a/./b", "", ".hidden", "a\\b"])(
    "refuses the key %j",
    async (key) => {
      await expect(store.put(key, Buffer.from("x"))).rejects.toThrow(/is not an object key/);
      await expect(store.get(key)).rejects.toThrow(/is not an object key/);
    },
  );
});
