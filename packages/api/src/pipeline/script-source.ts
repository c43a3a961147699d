import { ScriptError } from "@barrage/runner";
import type { ScriptVersionRow } from "../db/schema/runs.js";
import type { ScriptSource } from "../sandbox/index.js";

/**
 * The name the entry script has in the archive, in the agents' folders and in error messages.
 * `createTestRun` sends the entry's source without its file name, so the platform names it.
 */
export const ENTRY_FILE = "script.js";

/**
 * A stored script version as files: its entry script under {@link ENTRY_FILE} and its other files.
 * A file of that very name among the others is refused (a ScriptError), since one would hide the other.
 */
export function scriptSourceOf(version: Pick<ScriptVersionRow, "script" | "files">): ScriptSource {
  if (Object.hasOwn(version.files, ENTRY_FILE)) {
    throw new ScriptError(
      `a file named "${ENTRY_FILE}" came with the script, but that name is the entry script's in the cloud; rename the file`,
      "module",
    );
  }
  return {
    entry: ENTRY_FILE,
    files: { ...version.files, [ENTRY_FILE]: Buffer.from(version.script).toString("base64") },
  };
}
