import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/**
 * The agent package's entry script, found the way Node would import it from here: what the local
 * provider and the EC2 emulator start when no `agentBin` is given.
 *
 * @throws Error saying how to make the agent available
 * @example spawn(process.execPath, [resolveAgentBin()], { env })
 */
export function resolveAgentBin(): string {
  const specifier = "@barrage/agent/bin/barrage-agent.js";
  try {
    return createRequire(fileURLToPath(import.meta.url)).resolve(specifier);
  } catch (error) {
    throw new Error(
      `cannot find the agent (${specifier}): install @barrage/agent beside @barrage/providers, or pass agentBin`,
      { cause: error },
    );
  }
}
