import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { javascript } from "@codemirror/lang-javascript";
import {
  bracketMatching,
  defaultHighlightStyle,
  indentOnInput,
  syntaxHighlighting,
} from "@codemirror/language";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import {
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { useEffect, useRef } from "preact/hooks";
import { toDiagnostics } from "./diagnostics.js";
import type { ScriptErrorAt } from "./script-errors.js";

/** Props of {@link ScriptEditor}. */
export interface ScriptEditorProps {
  /**
   * The document the editor starts with. The editor owns it from then on (reporting edits through
   * `onChange`): feeding edits back in would race with typing. Remount it (a new `key`) to load
   * another script.
   */
  initialValue: string;
  onChange?: (value: string) => void;
  /** Validation errors, shown at their line (gutter marker and underline). */
  errors?: readonly ScriptErrorAt[];
  readOnly?: boolean;
  /** The accessible name of the editing area. */
  label: string;
}

const theme = EditorView.theme({
  "&": {
    fontSize: "13px",
    border: "1px solid var(--border)",
    borderRadius: "6px",
    background: "var(--surface)",
  },
  "&.cm-focused": { outline: "2px solid var(--accent)" },
  ".cm-scroller": { fontFamily: "var(--mono)", minHeight: "16rem", maxHeight: "70vh" },
  ".cm-gutters": { background: "var(--surface-2)", borderRight: "1px solid var(--border)" },
});

/**
 * The script editor: CodeMirror 6 with JavaScript highlighting, and validation errors as lint
 * diagnostics at their line. Only the extensions it needs, not `basicSetup`, to keep the bundle small.
 */
export function ScriptEditor({
  initialValue,
  onChange,
  errors = [],
  readOnly = false,
  label,
}: ScriptEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | undefined>(undefined);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  // The view is made once; diagnostics are set below.
  useEffect(() => {
    if (!host.current) return;
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: initialValue,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          history(),
          indentOnInput(),
          bracketMatching(),
          javascript(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          lintGutter(),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          EditorState.readOnly.of(readOnly),
          EditorView.contentAttributes.of({ "aria-label": label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChangeRef.current?.(update.state.doc.toString());
          }),
          theme,
        ],
      }),
    });
    view.current = editor;
    return () => editor.destroy();
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    editor.dispatch(setDiagnostics(editor.state, toDiagnostics(editor.state.doc, errors)));
  }, [errors]);

  return <div class="script-editor" ref={host} data-testid="script-editor" />;
}
