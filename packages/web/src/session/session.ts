/** Where the app signs in and with which token. */
export interface SessionSettings {
  /** The GraphQL endpoint; `/graphql` of the page's own server by default. */
  endpoint: string;
  token: string;
}

/** The endpoint of the platform that serves the app. */
export const DEFAULT_ENDPOINT = "/graphql";

const STORAGE_KEY = "barrage.session";

/** The minimal storage the session needs (`localStorage` in the browser). */
export type KeyValueStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/**
 * Why a token cannot be an API token, or undefined when it looks like one. Catches a pasted
 * `Bearer ` prefix or surrounding quotes, which would otherwise come back as a refused token.
 */
export function tokenProblem(token: string): string | undefined {
  const trimmed = token.trim();
  if (trimmed === "") return "Paste the API token the platform printed at first start (brg_...).";
  if (/^bearer\s/i.test(trimmed)) return "Paste the token without the word Bearer.";
  if (!trimmed.startsWith("brg_")) return "An API token starts with brg_.";
  if (!/^brg_[A-Za-z0-9_-]+$/.test(trimmed))
    return "An API token has only letters, digits, - and _ after brg_.";
  return undefined;
}

/** The signed-in session kept in storage, if any. */
export function loadSession(storage: KeyValueStorage): SessionSettings | undefined {
  try {
    const stored = JSON.parse(storage.getItem(STORAGE_KEY) ?? "null") as Partial<SessionSettings> | null;
    if (!stored || typeof stored.token !== "string" || tokenProblem(stored.token)) return undefined;
    return {
      endpoint:
        typeof stored.endpoint === "string" && stored.endpoint !== "" ? stored.endpoint : DEFAULT_ENDPOINT,
      token: stored.token,
    };
  } catch {
    return undefined;
  }
}

/** Keeps the session for the next visit. The token stays in this browser only. */
export function saveSession(storage: KeyValueStorage, settings: SessionSettings): void {
  storage.setItem(STORAGE_KEY, JSON.stringify({ endpoint: settings.endpoint, token: settings.token.trim() }));
}

/** Forgets the session (sign out, or a refused token). */
export function clearSession(storage: KeyValueStorage): void {
  storage.removeItem(STORAGE_KEY);
}
