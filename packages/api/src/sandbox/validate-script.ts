import path from "node:path";
import {
  bundleScript,
  type CompiledScript,
  compileBundle,
  findUnawaitedCalls,
  normalizeOptions,
  OptionsError,
  parseThresholds,
  type ScriptBundle,
  ScriptError,
  type SourcePosition,
  type TestOptions,
  ThresholdError,
} from "@barrage/runner";
import { type InitAnswer, runInitInWorker, type SandboxLimits } from "./init-worker.js";
import { type RunRequirements, runRequirements } from "./requirements.js";
import { writeScriptDirectory } from "./script-directory.js";

/** A script as stored with a run: the entry's name and every file, the entry included. */
export interface ScriptSource {
  /** The entry script's file name, relative like the other files. */
  entry: string;
  /** Path relative to the entry's folder → base64 bytes. */
  files: Readonly<Record<string, string>>;
}

/** A script whose init code ran in the sandbox and whose options passed every check. */
export interface ValidatedScript {
  /** The options as normalized by the runner. */
  options: TestOptions;
  requirements: RunRequirements;
  /** Files the init code `open()`ed, relative to the entry's folder, sorted. */
  filesOpened: string[];
  /** The local modules of the bundle (the entry included), relative to the entry's folder, sorted. */
  modules: string[];
}

/** Limits a script is validated under by default: generous for declaring options and data, tight for anything else. */
export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = {
  timeLimitMs: 5_000,
  memoryLimitMb: 128,
  wallClockLimitMs: 15_000,
};

/**
 * Evaluates a script's init context in the sandbox (a Worker thread with a heap limit, running a
 * fresh `vm` context that has no network, filesystem, timers or process, under a time limit) to
 * read its `options`, then checks them as a local run would and computes the run's requirements.
 *
 * Throws {@link ScriptError} for anything wrong with the script (syntax, imports, un-awaited calls,
 * an exception or a limit hit in init code, bad options or thresholds), with file, line and column
 * where there is one; any other error is a fault of the platform and worth a retry.
 *
 * @example
 * const { options, requirements } = await validateScript({ entry: "test.js", files: { "test.js": base64 } });
 */
export async function validateScript(
  source: ScriptSource,
  settings: { limits?: SandboxLimits; env?: Record<string, string> } = {},
): Promise<ValidatedScript> {
  const limits = settings.limits ?? DEFAULT_SANDBOX_LIMITS;
  const directory = await writeScriptDirectory(source.entry, source.files);
  let bundle: ScriptBundle;
  try {
    bundle = await bundleInside(directory.entryPath, directory.dir);
  } finally {
    await directory.remove();
  }
  const unawaited = [...bundle.sources].flatMap(([file, text]) =>
    findUnawaitedCalls(text, path.relative(bundle.baseDir, file)),
  );
  const [first] = unawaited;
  if (first) {
    const more = unawaited.length > 1 ? ` (and ${unawaited.length - 1} more)` : "";
    const position = { file: first.file, line: first.line, column: first.column };
    throw new ScriptError(`${first.message}${more}`, "validation", position, lineAt(bundle, position));
  }
  const compiled = compileBundle(bundle);
  const outcome = await runInitInWorker(
    {
      code: wrapBundle(bundle.code),
      filename: `barrage-bundle:${path.basename(bundle.entry)}`,
      files: source.files,
      env: settings.env ?? {},
    },
    limits,
  );
  switch (outcome.kind) {
    case "time-limit":
      throw new ScriptError(
        `the init context ran for more than ${limits.timeLimitMs / 1000} s; top-level code may only declare options, metrics and data`,
        "init",
      );
    case "wall-clock-limit":
      throw new ScriptError(
        `the init context did not finish within ${limits.wallClockLimitMs / 1000} s`,
        "init",
      );
    case "memory-limit":
      throw new ScriptError(`the init context used more than ${limits.memoryLimitMb} MB of memory`, "init");
    case "answered":
      break;
  }
  if (!outcome.answer.ok) throw initError(compiled, bundle, outcome.answer.error);
  const options = checkedOptions(outcome.answer);
  return {
    options,
    requirements: runRequirements(options.scenarios),
    filesOpened: [...outcome.opened].sort(),
    modules: bundle.modules.map((module) => path.relative(bundle.baseDir, module)).sort(),
  };
}

/**
 * Bundles with the runner's bundler, refusing imports from outside the script's folder. esbuild
 * would follow `../../somewhere.js` or a bare package name out of the temporary directory on this
 * host: such a module is refused, and an error located in one is reported without its text.
 */
async function bundleInside(entryPath: string, dir: string): Promise<ScriptBundle> {
  const outside = (file: string) => file.startsWith("..") || path.isAbsolute(file);
  let bundle: ScriptBundle;
  try {
    bundle = await bundleScript(entryPath);
  } catch (error) {
    if (error instanceof ScriptError && error.position && outside(error.position.file)) {
      throw new ScriptError(
        `"${error.position.file}" is outside the script's folder; only files sent with the script can be imported`,
        "module",
        undefined,
        undefined,
        { cause: error },
      );
    }
    throw error;
  }
  const stray = bundle.modules.map((module) => path.relative(dir, module)).find(outside);
  if (stray !== undefined) {
    throw new ScriptError(
      `the script imports "${stray}", which is outside the script's folder; only files sent with the script can be imported`,
      "module",
    );
  }
  return bundle;
}

/**
 * Wraps the bundle for the init context. The prefix is ONE line, like the runner's own wrapper,
 * so that `compileBundle`'s `describeError` maps this bundle's stack frames too.
 */
function wrapBundle(code: string): string {
  return (
    'globalThis.__barrageRun(function (require, open, __ENV, __VU) { "use strict"; let __ITER = 0; const module = { exports: {} }; const exports = module.exports;\n' +
    `${code}\nreturn module.exports;\n})`
  );
}

function initError(
  compiled: CompiledScript,
  bundle: ScriptBundle,
  thrown: Extract<InitAnswer, { ok: false }>["error"],
): ScriptError {
  const error = new Error(thrown.message);
  error.stack = thrown.stack;
  const { position } = compiled.describeError(error);
  const kind = thrown.name && thrown.name !== "Error" ? `${thrown.name}: ` : "";
  return new ScriptError(
    `the script threw in the init context: ${kind}${thrown.message}`,
    "init",
    position,
    position && lineAt(bundle, position),
  );
}

/** The options normalized and checked as `barrage run` checks them, or a ScriptError saying what is wrong. */
function checkedOptions(answer: Extract<InitAnswer, { ok: true }>): TestOptions {
  let options: TestOptions;
  try {
    options = normalizeOptions(answer.options === undefined ? undefined : JSON.parse(answer.options));
    parseThresholds(options.thresholds);
  } catch (error) {
    if (error instanceof OptionsError || error instanceof ThresholdError) {
      throw new ScriptError(error.message, "validation", undefined, undefined, { cause: error });
    }
    throw error;
  }
  for (const scenario of options.scenarios) {
    if (!answer.functions.includes(scenario.exec)) {
      throw new ScriptError(
        `scenarios.${scenario.name}.exec: the script exports no function "${scenario.exec}"`,
        "validation",
      );
    }
  }
  return options;
}

function lineAt(bundle: ScriptBundle, position: SourcePosition): string | undefined {
  return bundle.sources.get(path.resolve(bundle.baseDir, position.file))?.split("\n")[position.line - 1];
}
