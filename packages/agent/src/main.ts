import { consoleLogger } from "@barrage/runner";
import { runAgent } from "./agent.js";
import { parseCliOptions } from "./cli-options.js";
import { describeError } from "./transport/index.js";

/**
 * The `barrage-agent` command. SIGINT and SIGTERM stop the test and end the agent after it has
 * reported; the process exits with the runner's exit code, or 1 when the agent itself failed.
 */
async function main(): Promise<number> {
  const options = await parseCliOptions(process.argv.slice(2), process.env);
  // The script's __ENV comes from the assignment, but keep the token out of reach of anything else in the process too.
  delete process.env.BARRAGE_TOKEN;
  const controller = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => controller.abort());
  const { exitCode } = await runAgent({ ...options, logger: consoleLogger, signal: controller.signal });
  return exitCode;
}

main().then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error) => {
    consoleLogger.error(describeError(error));
    process.exitCode = 1;
  },
);
