import type { CompiledScript } from "../script/compile.js";

/**
 * The message for an exception the script threw outside an iteration (init code, setup,
 * teardown): where in the user's files, what, and the stack mapped to their lines.
 */
export function describeScriptError(
  script: CompiledScript,
  error: unknown,
  stage: "init" | "setup" | "teardown",
): string {
  const described = script.describeError(error);
  const where = stage === "init" ? "in the init context" : `in ${stage}()`;
  const position = described.position;
  const head = position ? `${position.file}:${position.line}:${position.column}: ` : "";
  return `${head}the script threw ${where}: ${described.message}\n${described.stack}`;
}
