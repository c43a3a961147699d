/**
 * Running the Barrage CLI the way a user would (`barrage run`), pinned to the load CPU.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { LOAD_CPU, spawnPinned, tail } from "./processes.mjs";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const CLI = join(REPO, "packages/cli/bin/barrage.js");

/** Why Barrage cannot be measured (CLI missing or not built), or undefined when it can. */
export function barrageUnavailable() {
  if (!existsSync(CLI)) return `${CLI} does not exist yet`;
  if (!existsSync(join(REPO, "packages/cli/dist/index.js")))
    return "the CLI is not built: run npm run build first";
  return undefined;
}

/** @param {string} name a file in bench/runner/scripts/ */
export function benchScript(name) {
  return fileURLToPath(new URL(`./scripts/${name}`, import.meta.url));
}

/**
 * Runs `barrage run --quiet [-e KEY=VALUE...] [args] script` to its end and returns k6's legacy
 * JSON summary (`--summary-export`). `watch` is called with the CLI's pid as soon as it is
 * spawned, and its result awaited after the exit, to observe the run while it goes.
 * @template [W=void]
 * @param {string} script
 * @param {{ env?: Record<string, string>, args?: string[], watch?: (pid: number, exited: Promise<unknown>) => Promise<W> }} options
 * @returns {Promise<{ summary: any, watched: W | undefined }>}
 */
export async function runBarrage(script, { env = {}, args = [], watch }) {
  const dir = mkdtempSync(join(tmpdir(), "barrage-bench-"));
  const summaryFile = join(dir, "summary.json");
  const envArgs = Object.entries(env).flatMap(([key, value]) => ["-e", `${key}=${value}`]);
  const cliArgs = [CLI, "run", "--quiet", "--summary-export", summaryFile, ...envArgs, ...args, script];
  try {
    const cli = spawnPinned(LOAD_CPU, process.execPath, cliArgs);
    const watching = watch && cli.child.pid !== undefined ? watch(cli.child.pid, cli.exited) : undefined;
    const result = await cli.exited;
    const watched = await watching;
    if (result.code !== 0) {
      throw new Error(
        `barrage run exited with ${result.code ?? result.signal}:\n${tail(result.stderr || result.stdout)}`,
      );
    }
    return { summary: JSON.parse(readFileSync(summaryFile, "utf8")), watched };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
