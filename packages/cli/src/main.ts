import { Command, CommanderError } from "commander";
import { registerAgentCommand } from "./commands/agent.js";
import { registerCloudCommand } from "./commands/cloud.js";
import { registerLoginCommand } from "./commands/login.js";
import { registerRunCommand } from "./commands/run.js";
import { registerRunsCommand } from "./commands/runs.js";

/** The package version, shown by `barrage --version` and sent in the User-Agent. */
export const VERSION = "0.1.0";

/**
 * Runs the `barrage` command line. Errors a user can fix (a bad flag, a script error) end with a
 * message and an exit code; never with a stack trace.
 */
export async function main(argv: string[]): Promise<void> {
  const program = new Command("barrage")
    .description("Barrage: distributed load testing with k6-style scripts")
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError("(run barrage help <command> for the options)");
  registerRunCommand(program);
  registerCloudCommand(program);
  registerLoginCommand(program);
  registerRunsCommand(program);
  registerAgentCommand(program);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    throw error;
  }
}
