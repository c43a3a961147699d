import type { EnvVariable } from "../graphql/index.js";
import type { KeyValueStorage } from "../session/index.js";

/**
 * The environment a script was last saved with, kept in this browser. "Save" stores the script as a
 * version on the platform (`saveScript`), but script versions have no environment (a run has one),
 * so the environment typed beside it is kept here until a run carries it.
 */
export interface Draft {
  env: EnvVariable[];
  savedAt: string;
}

const key = (projectId: string, loadTestName: string) => `barrage.draft:${projectId}:${loadTestName}`;

/** Keeps the environment of a test's saved script, per project and test name. */
export function saveDraft(
  storage: KeyValueStorage,
  projectId: string,
  loadTestName: string,
  draft: Draft,
): void {
  storage.setItem(key(projectId, loadTestName), JSON.stringify(draft));
}

/** The environment saved with a test's script, if one was saved and not yet run. */
export function loadDraft(
  storage: KeyValueStorage,
  projectId: string,
  loadTestName: string,
): Draft | undefined {
  try {
    const draft = JSON.parse(storage.getItem(key(projectId, loadTestName)) ?? "null") as Draft | null;
    if (!draft || !Array.isArray(draft.env)) return undefined;
    return { env: draft.env, savedAt: String(draft.savedAt) };
  } catch {
    return undefined;
  }
}

/** Drops a draft once it ran: the run's environment is the test's from then on. */
export function clearDraft(storage: KeyValueStorage, projectId: string, loadTestName: string): void {
  storage.removeItem(key(projectId, loadTestName));
}

/**
 * The environment to start the editor with: the one saved in this browser when it is newer than
 * the run whose environment the platform has (`runAt`), else that run's.
 */
export function initialEnv(
  draft: Draft | undefined,
  runEnv: readonly EnvVariable[],
  runAt: string | undefined,
): readonly EnvVariable[] {
  if (draft && (!runAt || Date.parse(draft.savedAt) > Date.parse(runAt))) return draft.env;
  return runEnv;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Environment variables from `NAME=value` lines (blank lines and `#` comments skipped), with what
 * is wrong with any line: the API takes names of letters, digits and `_`, each once.
 *
 * @example
 * parseEnv("BASE_URL=http://127.0.0.1:3000\n# a comment") // { env: [{ name: "BASE_URL", value: "http://127.0.0.1:3000" }], problems: [] }
 */
export function parseEnv(text: string): { env: EnvVariable[]; problems: string[] } {
  const env: EnvVariable[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    const name = (eq < 0 ? line : line.slice(0, eq)).trim();
    if (eq < 0) problems.push(`line ${i + 1}: write NAME=value`);
    else if (!ENV_NAME.test(name))
      problems.push(`line ${i + 1}: ${name || "the name"} must be letters, digits and _`);
    else if (seen.has(name)) problems.push(`line ${i + 1}: ${name} is set twice`);
    else {
      seen.add(name);
      env.push({ name, value: line.slice(eq + 1) });
    }
  }
  return { env, problems };
}

/** The inverse of {@link parseEnv}. */
export const formatEnv = (env: readonly EnvVariable[]): string =>
  env.map((v) => `${v.name}=${v.value}`).join("\n");
