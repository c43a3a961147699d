import { readFile } from "node:fs/promises";
import path from "node:path";
import { ExitCode, type Logger, prepareTest, RunFailure } from "@barrage/runner";

/** What `createTestRun` takes of a script: its source and file name, its local files and the test's name. */
export interface CloudScript {
  script: string;
  /** The entry script's file name, which the platform's errors then show. */
  scriptName: string;
  /** The imported modules and `open()`ed files other than the entry, relative to its folder. */
  files: { path: string; base64: string }[];
  /** `options.cloud.name` when the script sets it, else the script's file name (k6 Cloud's rule). */
  loadTestName: string;
}

/**
 * Prepares the script locally, as `barrage run` would (so syntax, init and option errors show at
 * once with file, line and column, as `k6 cloud` does), and gathers what the cloud needs: the
 * bundler's list of local modules and the files the init code opened. Both must lie in the script's
 * folder, since paths are sent relative to it. `env` is the run's `__ENV`, which the init code may
 * read. Throws {@link RunFailure} with k6's exit code.
 */
export async function collectScript(
  scriptPath: string,
  env: Readonly<Record<string, string>>,
  logger: Logger,
): Promise<CloudScript> {
  const prepared = await prepareTest({ scriptPath, env: { ...env }, logger });
  const { bundle } = prepared;
  const others = [
    ...bundle.modules.filter((module) => module !== bundle.entry),
    ...prepared.ctx.files.opened(),
  ];
  const files = await Promise.all(
    [...new Set(others)].sort().map(async (file) => {
      const relative = path.relative(bundle.baseDir, file);
      if (relative.startsWith("..") || path.isAbsolute(relative)) {
        throw new RunFailure(
          `${file} is outside the script's folder ${bundle.baseDir}; the cloud gets only files under it: move the file there`,
          ExitCode.scriptException,
        );
      }
      const bytes = await readFile(file);
      return { path: relative.split(path.sep).join("/"), base64: bytes.toString("base64") };
    }),
  );
  const name = prepared.ctx.options.cloud?.name;
  return {
    script: bundle.sources.get(bundle.entry) ?? (await readFile(bundle.entry, "utf8")),
    scriptName: path.basename(bundle.entry),
    files,
    loadTestName: typeof name === "string" && name.trim() ? name : path.basename(scriptPath),
  };
}
