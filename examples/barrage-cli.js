/**
 * Where the `barrage` CLI of this repository is, and how to start it: the demo and the
 * examples' end-to-end test run it exactly as a user would, as a separate process.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The CLI's entry script, resolved from this file so any working directory works. */
export const BARRAGE_CLI = fileURLToPath(new URL("../packages/cli/bin/barrage.js", import.meta.url));

const CLI_BUILD = fileURLToPath(new URL("../packages/cli/dist/", import.meta.url));

/**
 * Why the CLI cannot run yet, or undefined when it can.
 * @returns {string | undefined}
 */
export function cliNotReady() {
  if (!existsSync(BARRAGE_CLI)) return `the barrage CLI is missing (${BARRAGE_CLI})`;
  if (!existsSync(CLI_BUILD))
    return `the barrage CLI is not built yet (no ${CLI_BUILD}): run npm run build first`;
  return undefined;
}

/**
 * Starts `node packages/cli/bin/barrage.js ...args`.
 * @example spawnBarrage(["run", "-e", `BASE_URL=${url}`, "examples/scripts/api-login.js"], { stdio: "inherit" })
 * @param {string[]} args
 * @param {import("node:child_process").SpawnOptions} [options]
 */
export function spawnBarrage(args, options = {}) {
  return spawn(process.execPath, [BARRAGE_CLI, ...args], options);
}

/**
 * What a `barrage` process prints, and its exit code, once it exits.
 * @example const { code, stdout } = await outputOf(spawnBarrage(["run", script], { stdio: ["ignore", "pipe", "pipe"] }));
 * @param {import("node:child_process").ChildProcess} child started with stdout and stderr piped
 * @returns {Promise<{ code: number | null; stdout: string; stderr: string }>}
 */
export async function outputOf(child) {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const [code] = await once(child, "exit");
  return { code, stdout, stderr };
}
