import { badInput } from "../errors.js";

/** The entry script's name when the client gives none, as k6 Cloud shows it. */
export const DEFAULT_ENTRY_NAME = "script.js";

/** Bounds on a run's environment: as many variables as a CI job sets, not a data channel. */
export const ENV_LIMITS = { count: 200, nameLength: 256, totalBytes: 64 * 1024 } as const;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks the entry script's file name: one path segment (the other files are relative to its
 * folder), so it cannot point elsewhere in the archive.
 */
export function validateEntryName(name: string | null | undefined, field: string): string {
  if (name === null || name === undefined || name === "") return DEFAULT_ENTRY_NAME;
  if (name.length > 255 || /[/\\\0]/.test(name) || name === "." || name === "..") {
    throw badInput(
      field,
      `"${name.slice(0, 120)}" is not a file name: give the entry script's name without folders, e.g. "test.js"`,
    );
  }
  return name;
}

/**
 * Checks a run's `__ENV` variables and returns them as an object: names as in a shell
 * (letters, digits, `_`, not starting with a digit), each given once.
 */
export function validateEnv(
  variables: readonly { name: string; value: string }[],
  field: string,
): Record<string, string> {
  if (variables.length > ENV_LIMITS.count) {
    throw badInput(
      field,
      `A run may have at most ${ENV_LIMITS.count} environment variables, not ${variables.length}`,
    );
  }
  const env: Record<string, string> = {};
  let bytes = 0;
  for (const { name, value } of variables) {
    if (!ENV_NAME.test(name) || name.length > ENV_LIMITS.nameLength) {
      throw badInput(
        field,
        `"${name.slice(0, 120)}" is not an environment variable name: use letters, digits and _, not starting with a digit`,
      );
    }
    if (Object.hasOwn(env, name)) throw badInput(field, `Environment variable ${name} is given twice`);
    env[name] = value;
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
  }
  if (bytes > ENV_LIMITS.totalBytes) {
    throw badInput(field, `The environment has ${bytes} bytes; at most ${ENV_LIMITS.totalBytes} are allowed`);
  }
  return env;
}
