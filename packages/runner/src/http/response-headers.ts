const TOKEN_CHAR = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

// Servers send the same few names over and over; remembering them keeps canonicalisation off the
// hot path. The bound stops a server that invents names from growing it without end.
const canonicalCache = new Map<string, string>();
const CANONICAL_CACHE_LIMIT = 1024;

/**
 * Go's `textproto.CanonicalMIMEHeaderKey`, which k6 exposes in `res.headers`: the first letter and
 * every letter after a hyphen upper case, the rest lower case; names that are not HTTP tokens are
 * returned unchanged.
 *
 * @example canonicalHeaderName("content-TYPE") // → "Content-Type"
 */
export function canonicalHeaderName(name: string): string {
  const cached = canonicalCache.get(name);
  if (cached !== undefined) return cached;
  let canonical = name;
  if (TOKEN_CHAR.test(name)) {
    canonical = "";
    let upper = true;
    for (const ch of name) {
      canonical += upper ? ch.toUpperCase() : ch.toLowerCase();
      upper = ch === "-";
    }
  }
  if (canonicalCache.size < CANONICAL_CACHE_LIMIT) canonicalCache.set(name, canonical);
  return canonical;
}

/** Response headers as k6 shows them, with the raw `Set-Cookie` values kept apart. */
export interface ParsedResponseHeaders {
  /** Canonical names; a repeated header's values joined with ", " (k6's `res.headers`). */
  headers: Record<string, string>;
  /** Each `Set-Cookie` line on its own, since joining them loses the boundaries. */
  setCookies: string[];
}

/**
 * Turns undici's raw header list (name, value, name, value, ...) into k6's header record.
 *
 * @example parseResponseHeaders([Buffer.from("x-a"), Buffer.from("1"), Buffer.from("X-A"), Buffer.from("2")])
 *          // → { headers: { "X-A": "1, 2" }, setCookies: [] }
 */
export function parseResponseHeaders(raw: readonly Buffer[]): ParsedResponseHeaders {
  const headers: Record<string, string> = {};
  const setCookies: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = canonicalHeaderName((raw[i] as Buffer).toString("latin1"));
    const value = (raw[i + 1] as Buffer).toString("utf8");
    if (name === "Set-Cookie") setCookies.push(value);
    const previous = headers[name];
    headers[name] = previous === undefined ? value : `${previous}, ${value}`;
  }
  return { headers, setCookies };
}
