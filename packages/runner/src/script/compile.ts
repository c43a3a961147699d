import { SourceMap } from "node:module";
import path from "node:path";
import vm from "node:vm";
import type { ScriptBundle } from "./bundle.js";
import { ScriptError, type SourcePosition } from "./errors.js";

/** What a VU's script module gives back: its exports, and the hook that keeps `__ITER` live. */
export interface ModuleInstance {
  exports: Record<string, unknown>;
  setIteration(iteration: number): void;
}

/** Answers the bundle's `require()` of the k6 modules with this VU's own module objects. */
export type RequireFn = (name: string) => unknown;
/** k6's `open(path, mode)`: a file's text, or its bytes with mode "b". */
export type OpenFn = (filePath: string, mode?: string) => string | ArrayBuffer;

/**
 * Runs the script's init context once, for one VU. Each call evaluates the whole bundle afresh, so
 * module-scope state belongs to one VU as in k6, without a V8 context per VU: a VU costs only the
 * closures and objects its own init code creates.
 */
export type ScriptFactory = (
  require: RequireFn,
  open: OpenFn,
  env: Record<string, string>,
  vu: number,
) => ModuleInstance;

/** A bundle compiled once per test, ready to instantiate per VU. */
export interface CompiledScript {
  factory: ScriptFactory;
  /** Rewrites a thrown error's stack so that frames point into the user's files. */
  describeError(error: unknown): { message: string; stack: string; position?: SourcePosition };
}

// The wrapper's prefix is one line, so bundle line N is line N + 1 of the compiled code.
const PREFIX =
  '(function (require, open, __ENV, __VU) { "use strict"; let __ITER = 0; const module = { exports: {} }; const exports = module.exports;\n';
const SUFFIX = "\nreturn { exports: module.exports, setIteration(i) { __ITER = i; } };\n})";

/**
 * Compiles a bundle into a {@link ScriptFactory}.
 *
 * @example
 * const script = compileBundle(await bundleScript("test.js"));
 * const vu1 = script.factory(requireFor(vu), open, env, 1);
 */
export function compileBundle(bundle: ScriptBundle): CompiledScript {
  const filename = `barrage-bundle:${path.basename(bundle.entry)}`;
  const map = new SourceMap(JSON.parse(bundle.sourceMap));
  const original = (line: number, column: number): SourcePosition | undefined => {
    const entry = map.findEntry(line - 2, column - 1) as {
      originalSource?: string;
      originalLine?: number;
      originalColumn?: number;
    };
    if (
      entry.originalSource === undefined ||
      entry.originalLine === undefined ||
      entry.originalColumn === undefined
    )
      return undefined;
    const abs = path.resolve(bundle.baseDir, entry.originalSource.replace(/^file:\/\//, ""));
    return {
      file: path.relative(bundle.baseDir, abs) || abs,
      line: entry.originalLine + 1,
      column: entry.originalColumn + 1,
    };
  };
  const framePattern = new RegExp(`${escapeRegExp(filename)}:(\\d+):(\\d+)`, "g");

  let factory: ScriptFactory;
  try {
    factory = new vm.Script(PREFIX + bundle.code + SUFFIX, { filename }).runInThisContext() as ScriptFactory;
  } catch (error) {
    throw new ScriptError(
      `the bundled script does not compile: ${(error as Error).message}`,
      "syntax",
      undefined,
      undefined,
      {
        cause: error,
      },
    );
  }

  return {
    factory,
    describeError(error) {
      if (!(error instanceof Error)) return { message: String(error), stack: String(error) };
      let position: SourcePosition | undefined;
      const stack = (error.stack ?? String(error))
        .split("\n")
        .filter(
          (line) =>
            !/^\s+at .*\((node:|file:\/\/.*\/packages\/runner\/)/.test(line) || line.includes(filename),
        )
        .map((line) =>
          line.replace(framePattern, (whole, l: string, c: string) => {
            const pos = original(Number(l), Number(c));
            if (!pos) return whole;
            position ??= pos;
            return `${pos.file}:${pos.line}:${pos.column}`;
          }),
        )
        .join("\n");
      return position ? { message: error.message, stack, position } : { message: error.message, stack };
    },
  };
}

/** The source line at a position, for error excerpts. */
export function lineAt(bundle: ScriptBundle, position: SourcePosition): string | undefined {
  return bundle.sources.get(path.resolve(bundle.baseDir, position.file))?.split("\n")[position.line - 1];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
