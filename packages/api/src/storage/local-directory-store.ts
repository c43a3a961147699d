import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { checkObjectKey, ObjectNotFoundError, type ObjectStore } from "./object-store.js";

/**
 * The default object store: one file per key under a directory (design.md, "Running it"). A put
 * writes a temporary file beside the target and renames it over the target, which is atomic on
 * one file system, so a reader never sees a half-written object. Directories are created 0700 and
 * files 0600: archives hold users' scripts and data.
 *
 * @example
 * const store = new LocalDirectoryObjectStore(join(stateDir, "objects"));
 */
export class LocalDirectoryObjectStore implements ObjectStore {
  constructor(readonly directory: string) {}

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const path = this.#path(key);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await writeFile(temporary, bytes, { mode: 0o600 });
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw new Error(`cannot store "${key}" in ${this.directory}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await readFile(this.#path(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT")
        throw new ObjectNotFoundError(key, { cause: error });
      throw new Error(`cannot read "${key}" from ${this.directory}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  #path(key: string): string {
    checkObjectKey(key);
    return join(this.directory, ...key.split("/"));
  }
}
