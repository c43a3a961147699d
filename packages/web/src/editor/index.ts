import { lazyComponent } from "../ui/lazy.js";

export { type ScriptErrorAt, scriptErrors } from "./script-errors.js";

/** The script editor, loaded on first use: CodeMirror is most of the app's code. */
export const ScriptEditor = lazyComponent(() => import("./script-editor.js").then((m) => m.ScriptEditor));
