import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** A script's files written out for the bundler, which reads from disk. */
export interface ScriptDirectory {
  entryPath: string;
  dir: string;
  remove(): Promise<void>;
}

/**
 * Writes `files` (relative path → base64) into a new private temporary directory (mode 0700,
 * files 0600). A path that would land outside the directory is refused before anything is written,
 * even though run creation already checks paths: the bytes come from the database, not from here.
 */
export async function writeScriptDirectory(
  entry: string,
  files: Readonly<Record<string, string>>,
): Promise<ScriptDirectory> {
  const dir = await mkdtemp(path.join(tmpdir(), "barrage-validate-"));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    const targets = Object.keys(files).map((name) => {
      const target = path.resolve(dir, name);
      if (!target.startsWith(dir + path.sep)) {
        throw new Error(`Script file "${name}" would be written outside the script's folder`);
      }
      return [target, name] as const;
    });
    for (const [target, name] of targets) {
      await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      await writeFile(target, Buffer.from(files[name] ?? "", "base64"), { mode: 0o600 });
    }
    return { entryPath: path.resolve(dir, entry), dir, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}
