/** A place in a user's script, 1-based like editors show it. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** Which stage of a script's life an error comes from; it decides the exit code and the wording. */
export type ScriptErrorStage = "syntax" | "module" | "init" | "validation";

/**
 * An error in the user's script, with where it happened. `toString()` prints
 * `file:line:column: message` followed by the source line and a caret, the way compilers do.
 */
export class ScriptError extends Error {
  override readonly name = "ScriptError";
  constructor(
    message: string,
    readonly stage: ScriptErrorStage,
    readonly position?: SourcePosition,
    readonly lineText?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The error as a user should read it: location, message and a caret under the column. */
  format(): string {
    const where = this.position
      ? `${this.position.file}:${this.position.line}:${this.position.column}: `
      : "";
    const head = `${where}${this.message}`;
    if (!this.position || this.lineText === undefined) return head;
    const gutter = `${this.position.line} | `;
    const caret = `${" ".repeat(gutter.length + Math.max(0, this.position.column - 1))}^`;
    return `${head}\n\n${gutter}${this.lineText}\n${caret}`;
  }
}

/** Several script errors found together (for example every un-awaited call), reported at once. */
export class ScriptErrors extends Error {
  override readonly name = "ScriptErrors";
  constructor(readonly errors: readonly ScriptError[]) {
    super(errors.map((e) => e.format()).join("\n\n"));
  }
}
