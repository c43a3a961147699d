import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";

/** Where `barrage cloud` sends runs and the token it sends them with. */
export interface CloudConfig {
  /** The API's base URL, e.g. `https://barrage.example.com`. */
  api?: string;
  /** An API token, `brg_...`. */
  token?: string;
}

/**
 * The config file: `$XDG_CONFIG_HOME/barrage/config.json`, or `~/.config/barrage/config.json`
 * when XDG_CONFIG_HOME is unset or not absolute (the XDG rule).
 */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(homedir(), ".config");
  return path.join(base, "barrage", "config.json");
}

/**
 * The saved config with `BARRAGE_API` and `BARRAGE_TOKEN` on top, so that CI can pass both without
 * a file. A missing file is an empty config; an unreadable or malformed one is an error naming it.
 */
export async function readConfig(env: NodeJS.ProcessEnv = process.env): Promise<CloudConfig> {
  const file = configPath(env);
  let saved: CloudConfig = {};
  try {
    saved = parseConfig(await readFile(file, "utf8"), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  return {
    ...saved,
    ...(env.BARRAGE_API && { api: env.BARRAGE_API }),
    ...(env.BARRAGE_TOKEN && { token: env.BARRAGE_TOKEN }),
  };
}

/**
 * Saves the config for this user only: the folder 0700 and the file 0600, re-applied to an
 * existing file too, since it holds a secret.
 */
export async function writeConfig(
  config: CloudConfig,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const file = configPath(env);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return file;
}

function parseConfig(text: string, file: string): CloudConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON; fix it or run barrage login again`, { cause: error });
  }
  const { api, token } = (value ?? {}) as Record<string, unknown>;
  return {
    ...(typeof api === "string" && { api }),
    ...(typeof token === "string" && { token }),
  };
}
