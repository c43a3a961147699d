import { posix } from "node:path";
import type { ScriptFiles } from "../db/schema/runs.js";
import { badInput } from "../errors.js";

/** One local file sent with a script: its path relative to the entry script and its bytes. */
export interface ScriptFileInput {
  path: string;
  base64: string;
}

/** The most files a script may bring, and their total decoded size (k6 Cloud's archive limit). */
export const SCRIPT_FILE_LIMITS = { count: 1000, totalBytes: 50 * 1024 * 1024 } as const;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Checks the files of a `createTestRun` and turns them into the stored `{path: base64}` map.
 * Paths must be relative, normalised and stay inside the script's folder, since the archive step
 * and the agents resolve them against it; each `BAD_USER_INPUT` names the offending entry.
 *
 * @example
 * toScriptFiles([{ path: "data/users.json", base64: "W10=" }], "files"); // { "data/users.json": "W10=" }
 */
export function toScriptFiles(files: readonly ScriptFileInput[], field: string): ScriptFiles {
  if (files.length > SCRIPT_FILE_LIMITS.count) {
    throw badInput(
      field,
      `At most ${SCRIPT_FILE_LIMITS.count} files may come with a script, not ${files.length}`,
    );
  }
  const result: ScriptFiles = {};
  let totalBytes = 0;
  files.forEach(({ path, base64 }, index) => {
    const where = `${field}[${index}]`;
    if (
      !path ||
      path.startsWith("/") ||
      path.includes("\\") ||
      posix.normalize(path) !== path ||
      path.startsWith("../")
    ) {
      throw badInput(
        `${where}.path`,
        `File path "${path}" must be relative to the script's folder, normalised, with "/" separators and no ".."`,
      );
    }
    if (Object.hasOwn(result, path)) throw badInput(`${where}.path`, `File path "${path}" is listed twice`);
    if (!BASE64.test(base64))
      throw badInput(`${where}.base64`, `The content of "${path}" is not valid base64`);
    totalBytes += (base64.length / 4) * 3 - (base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0);
    result[path] = base64;
  });
  if (totalBytes > SCRIPT_FILE_LIMITS.totalBytes) {
    throw badInput(
      field,
      `The files total ${totalBytes} bytes; at most ${SCRIPT_FILE_LIMITS.totalBytes} are allowed`,
    );
  }
  return result;
}
