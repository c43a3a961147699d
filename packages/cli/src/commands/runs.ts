import type { Command } from "commander";
import { apiClient } from "../cloud/api-client.js";
import { compareRuns } from "../cloud/compare-runs.js";
import { formatComparison } from "../cloud/comparison-table.js";
import { ApiError } from "../cloud/graphql-client.js";

interface RunsFlags {
  api?: string;
}

/** Where `barrage runs` reads its settings and writes its output; the process's own by default. */
export interface RunsContext {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** `barrage runs compare A B`: runs on the platform, looked at from the command line. */
export function registerRunsCommand(program: Command): void {
  const runs = program.command("runs").description("look at runs on the Barrage platform");
  runs
    .command("compare")
    .description(
      "compare a run with a base run: p50/p95/p99, request rate and failure rate, overall and per URL, marking the differences beyond chance",
    )
    .argument("<run>", "the run to look at: its id as barrage cloud shows it")
    .argument("<base>", "the run to compare it with, e.g. the previous run or the baseline")
    .option("--api <url>", "the API's URL (default: from barrage login, or BARRAGE_API)")
    .action(async (run: string, base: string, flags: RunsFlags) => {
      process.exitCode = await runsCompareCommand(run, base, flags, {
        env: process.env,
        stdout: process.stdout,
        stderr: process.stderr,
      });
    });
}

/**
 * Asks the API to compare `run` with `base` and prints the comparison as an aligned table. Answers
 * the exit code: 0 once printed (a regression is information here, not a failure: thresholds are
 * the place to fail a run), 1 when the API cannot be reached or refuses (an unknown id, another
 * organization's run), with its reason.
 *
 * @example await runsCompareCommand("VGVzdFJ1bjo3", "VGVzdFJ1bjo2", {}, { env: process.env, stdout, stderr }) // 0
 */
export async function runsCompareCommand(
  run: string,
  base: string,
  flags: RunsFlags,
  context: RunsContext,
): Promise<number> {
  const { stdout, stderr } = context;
  const client = await apiClient("barrage runs compare", flags.api, context);
  if (!client) return 1;
  try {
    stdout.write(formatComparison(await compareRuns(client, run, base)));
    return 0;
  } catch (error) {
    if (!(error instanceof ApiError || error instanceof TypeError)) throw error;
    stderr.write(`cannot compare run ${run} with ${base}: ${error.message}\n`);
    return 1;
  }
}
