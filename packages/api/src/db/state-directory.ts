import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Where Barrage keeps its state on this machine when nothing else is configured: the XDG state
 * directory, `$XDG_STATE_HOME/barrage`, else `~/.local/state/barrage`.
 */
export function defaultStateDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME || join(homedir(), ".local", "state");
  return join(base, "barrage");
}
