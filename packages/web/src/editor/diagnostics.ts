import type { Diagnostic } from "@codemirror/lint";
import type { Text } from "@codemirror/state";
import type { ScriptErrorAt } from "./script-errors.js";

/**
 * Lint diagnostics at the places of script errors: from the error's column to the end of its line
 * (the platform names a point, an underline needs a range), clamped into the document, which may
 * have been edited since the run.
 */
export function toDiagnostics(doc: Text, errors: readonly ScriptErrorAt[]): Diagnostic[] {
  return errors.map((error) => {
    const line = doc.line(Math.min(Math.max(error.line, 1), doc.lines));
    const from = Math.min(line.from + Math.max(error.column - 1, 0), line.to);
    const to = from < line.to ? line.to : Math.min(from + 1, doc.length);
    return { from, to, severity: "error", source: "validation", message: error.message };
  });
}
