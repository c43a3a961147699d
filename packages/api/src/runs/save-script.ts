import type { Db } from "../db/database.js";
import type { ScriptVersionRow } from "../db/schema/runs.js";
import { type ScriptVersionInput, storeScriptVersion } from "./store-script-version.js";

/** What `saveScript` needs, already scoped to the caller's organization. */
export type SaveScriptInput = ScriptVersionInput;

/**
 * Saves a script without running it: the next version of the load test (found or created by name
 * in the project), for an editor's "Save". Nothing is validated beyond the input, since validation
 * runs the script's init code, which is the pipeline's job when the script is run; the version's
 * `options` stay null until then.
 *
 * Input errors are `BAD_USER_INPUT` naming the field (prefixed by `fieldPrefix`, e.g. `input.`);
 * a project outside the organization is `NOT_FOUND`.
 *
 * @example
 * const version = await saveScript(db, { organizationId, projectId, loadTestName: "checkout", script }, "input.");
 */
export async function saveScript(
  db: Db,
  input: SaveScriptInput,
  fieldPrefix = "",
): Promise<ScriptVersionRow> {
  const { scriptVersion } = await storeScriptVersion(db, input, fieldPrefix);
  return scriptVersion;
}
