import { readFile } from "node:fs/promises";
import path from "node:path";
import { build, type Message, type Plugin } from "esbuild";
import { ScriptError } from "./errors.js";

/** Module names that the runner provides itself instead of reading them from disk. */
export const BUILTIN_MODULES = ["k6", "k6/http", "k6/metrics", "k6/execution", "k6/data"] as const;

/** Remote modules that scripts commonly import from k6's jslib, served from the runner instead. */
const JSLIB_ALIASES: ReadonlyArray<[RegExp, string]> = [
  [/^https:\/\/jslib\.k6\.io\/k6-summary\/[^/]+\/index\.js$/, "barrage:k6-summary"],
];

/** The script and its local imports as one CommonJS body, with a source map back to the files. */
export interface ScriptBundle {
  /** Absolute path of the entry script. */
  entry: string;
  /** Directory that relative paths (imports, `open()`) resolve from, and that file names are shown relative to. */
  baseDir: string;
  code: string;
  /** Source map (v3 JSON) of `code`. */
  sourceMap: string;
  /** Absolute paths of every local module in the bundle, entry first. */
  modules: string[];
  /** Sources of those modules as read, for checks that need the original text. */
  sources: Map<string, string>;
}

/**
 * Bundles a k6-style script and its local imports with esbuild, leaving the k6 modules as
 * `require()` calls that each VU answers with its own instances.
 *
 * @example
 * const bundle = await bundleScript("examples/scripts/constant-vus.js");
 */
export async function bundleScript(entryPath: string): Promise<ScriptBundle> {
  const entry = path.resolve(entryPath);
  const baseDir = path.dirname(entry);
  const sources = new Map<string, string>();
  try {
    sources.set(entry, await readFile(entry, "utf8"));
  } catch (error) {
    throw new ScriptError(
      `cannot read the script ${entryPath}: ${(error as Error).message}`,
      "module",
      undefined,
      undefined,
      {
        cause: error,
      },
    );
  }
  try {
    const result = await build({
      entryPoints: [entry],
      absWorkingDir: baseDir,
      bundle: true,
      write: false,
      format: "cjs",
      platform: "neutral",
      target: "es2022",
      sourcemap: "external",
      outfile: path.join(baseDir, "__barrage_bundle.js"),
      logLevel: "silent",
      metafile: true,
      plugins: [builtinModulesPlugin(sources)],
    });
    const js = result.outputFiles.find((f) => f.path.endsWith(".js"));
    const map = result.outputFiles.find((f) => f.path.endsWith(".map"));
    if (!js || !map) throw new Error("esbuild produced no output");
    const modules = Object.keys(result.metafile.inputs)
      .filter((p) => !p.includes(":"))
      .map((p) => path.resolve(baseDir, p));
    return { entry, baseDir, code: js.text, sourceMap: map.text, modules, sources };
  } catch (error) {
    throw toScriptError(error, baseDir);
  }
}

function builtinModulesPlugin(sources: Map<string, string>): Plugin {
  return {
    name: "barrage-builtins",
    setup(b) {
      b.onResolve({ filter: /^k6(\/.*)?$/ }, (args) => {
        if ((BUILTIN_MODULES as readonly string[]).includes(args.path))
          return { path: args.path, external: true };
        return {
          errors: [{ text: `unknown module "${args.path}"; Barrage provides ${BUILTIN_MODULES.join(", ")}` }],
        };
      });
      b.onResolve({ filter: /^https?:\/\// }, (args) => {
        const alias = JSLIB_ALIASES.find(([pattern]) => pattern.test(args.path));
        if (alias) return { path: alias[1], external: true };
        return {
          errors: [
            {
              text: `remote module "${args.path}" cannot be loaded: Barrage runs without internet access; download it next to the script and import it by a relative path`,
            },
          ],
        };
      });
      b.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        const text = sources.get(args.path) ?? (await readFile(args.path, "utf8"));
        sources.set(args.path, text);
        return { contents: text, loader: args.path.endsWith(".ts") ? "ts" : "js" };
      });
    },
  };
}

function toScriptError(error: unknown, baseDir: string): ScriptError {
  const errors = (error as { errors?: Message[] }).errors;
  const first = errors?.[0];
  if (!first)
    return new ScriptError(String((error as Error).message ?? error), "module", undefined, undefined, {
      cause: error,
    });
  const loc = first.location;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
  if (!loc) return new ScriptError(`${first.text}${more}`, "syntax", undefined, undefined, { cause: error });
  return new ScriptError(
    `${first.text}${more}`,
    "syntax",
    {
      file: path.relative(baseDir, path.resolve(baseDir, loc.file)) || loc.file,
      line: loc.line,
      column: loc.column + 1,
    },
    loc.lineText,
    { cause: error },
  );
}
