import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * Files the script `open()`s in its init context, read once and shared by every VU (text is
 * immutable; binary contents are copied per call so that one VU cannot change another's).
 * The set of opened files is what an archive of the test must carry.
 */
export class FileCache {
  readonly #contents = new Map<string, Buffer>();
  constructor(readonly baseDir: string) {}

  /** k6's `open(path, mode)`: text by default, an ArrayBuffer with mode "b". */
  open(filePath: string, mode?: string): string | ArrayBuffer {
    if (mode !== undefined && mode !== "b" && mode !== "") {
      throw new Error(`open(): unknown mode "${mode}"; use "b" for binary, or leave it out for text`);
    }
    const abs = path.resolve(this.baseDir, filePath);
    let data = this.#contents.get(abs);
    if (!data) {
      try {
        data = readFileSync(abs);
      } catch (error) {
        throw new Error(
          `open(): cannot read "${filePath}" (resolved to ${abs}): ${(error as NodeJS.ErrnoException).code ?? error}`,
        );
      }
      this.#contents.set(abs, data);
    }
    if (mode === "b")
      return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
    return data.toString("utf8");
  }

  /** Absolute paths of every file opened so far. */
  opened(): string[] {
    return [...this.#contents.keys()];
  }
}
