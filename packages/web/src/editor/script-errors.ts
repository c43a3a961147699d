/** A script error at a place in the entry script. */
export interface ScriptErrorAt {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
}

const POSITION = /^(.+?):(\d+):(\d+): (.+)$/;

/**
 * The errors of a run's `statusReason` (ABORTED_BY_SCRIPT_ERROR) that point into the entry script.
 * The platform writes each as `file:line:column: message`, followed by the line and a caret, and
 * several errors one after the other; errors in other files (imported modules) are left out, as
 * the editor shows only the entry script.
 *
 * @example
 * scriptErrors("script.js:3:7: x is not defined\n\n3 | x()\n      ^", "script.js")
 * // [{ line: 3, column: 7, message: "x is not defined" }]
 */
export function scriptErrors(reason: string | null | undefined, scriptName = "script.js"): ScriptErrorAt[] {
  if (!reason) return [];
  const errors: ScriptErrorAt[] = [];
  for (const text of reason.split("\n")) {
    const match = POSITION.exec(text.trim());
    if (!match) continue;
    const [, file = "", line = "0", column = "0", message = ""] = match;
    if (!sameFile(file, scriptName)) continue;
    errors.push({ line: Number(line), column: Number(column), message });
  }
  return errors;
}

/** `script.js`, `./script.js` and `/tmp/x/script.js` all name the entry script `script.js`. */
function sameFile(file: string, scriptName: string): boolean {
  const normalized = file.replace(/^file:\/\//, "").replace(/^\.\//, "");
  return normalized === scriptName || normalized.endsWith(`/${scriptName}`);
}
