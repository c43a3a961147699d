import { RunFailure } from "@barrage/runner";

/** The agent's exit code when it fails for a reason of its own (not the script's, not a threshold's). */
export const AGENT_ERROR_EXIT_CODE = 1;

/** The exit code an error ends the agent with: the runner's k6 code for a `RunFailure`, else {@link AGENT_ERROR_EXIT_CODE}. */
export function exitCodeOf(error: unknown): number {
  return error instanceof RunFailure ? error.exitCode : AGENT_ERROR_EXIT_CODE;
}
