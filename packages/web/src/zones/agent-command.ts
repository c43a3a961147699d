import type { KeyValueStorage } from "../session/index.js";

/**
 * The platform's agent port when `AGENT_PORT` is not set. The GraphQL API does not say where the
 * agent port is (it may be another host, or behind another proxy), so the page guesses this port on
 * the page's own host and lets the person correct it.
 */
export const DEFAULT_AGENT_PORT = 4443;

const STORAGE_KEY = "barrage.agentPortUrl";

/** The agent port URL last typed in this browser, or the guess: `https://<this host>:4443`. */
export function agentPortUrl(storage: KeyValueStorage, pageUrl: string): string {
  const typed = storage.getItem(STORAGE_KEY);
  if (typed) return typed;
  return `https://${new URL(pageUrl).hostname}:${DEFAULT_AGENT_PORT}`;
}

/** Remembers the agent port URL a person typed, for the next token shown. */
export function rememberAgentPortUrl(storage: KeyValueStorage, url: string): void {
  if (url.trim()) storage.setItem(STORAGE_KEY, url.trim());
  else storage.removeItem(STORAGE_KEY);
}

/** A word as a POSIX shell reads it back unchanged: as it is when it is plain, else single-quoted. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** What enrols a machine in a private zone. */
export interface Enrolment {
  zone: string;
  token: string;
  apiUrl: string;
}

/**
 * The command that enrols a machine in a private zone, as `barrage agent` takes it.
 *
 * @example
 * enrolCommand({ zone: "office", token: "brz_x.ab", apiUrl: "https://barrage.example.com:4443" })
 * // "barrage agent --zone office --token brz_x.ab --api https://barrage.example.com:4443"
 */
export function enrolCommand({ zone, token, apiUrl }: Enrolment): string {
  return agentCommand(zone, apiUrl, `--token ${shellQuote(token)} `);
}

/** The same, with the token in the environment: a command line is visible to every user of the machine. */
export function enrolCommandWithEnv({ zone, token, apiUrl }: Enrolment): string {
  return `BARRAGE_ENROLMENT_TOKEN=${shellQuote(token)} ${agentCommand(zone, apiUrl, "")}`;
}

function agentCommand(zone: string, apiUrl: string, tokenFlag: string): string {
  return `barrage agent --zone ${shellQuote(zone)} ${tokenFlag}--api ${shellQuote(apiUrl.trim())}`;
}
