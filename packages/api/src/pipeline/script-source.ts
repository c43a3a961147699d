import { ScriptError } from "@barrage/runner";
import type { ScriptVersionRow } from "../db/schema/runs.js";
import type { ScriptSource } from "../sandbox/index.js";

/**
 * A stored script version as files: its entry script under its `entryName` and its other files.
 * A file of that very name among the others is refused (a ScriptError), since one would hide the
 * other; `createTestRun` refuses it already, so this guards older rows.
 */
export function scriptSourceOf(
  version: Pick<ScriptVersionRow, "script" | "files" | "entryName">,
): ScriptSource {
  const entry = version.entryName;
  if (Object.hasOwn(version.files, entry)) {
    throw new ScriptError(
      `a file named "${entry}" came with the script, but that is the entry script's name; rename the file`,
      "module",
    );
  }
  return { entry, files: { ...version.files, [entry]: Buffer.from(version.script).toString("base64") } };
}
