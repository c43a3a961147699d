/** A request header with its lower-case name, computed once per request rather than once per hop. */
export interface HeaderEntry {
  name: string;
  lower: string;
  value: string | string[];
}

// Credentials that must not follow a redirect to another host (Go's list), plus Host, which
// names the first host only.
const CREDENTIALS = new Set(["authorization", "www-authenticate", "cookie", "cookie2", "host"]);

// Headers that describe a body, dropped with it when a redirect turns the request into a GET.
const BODY_HEADERS = new Set(["content-type", "content-encoding", "content-language", "content-location"]);

/** Splits a header record into entries, dropping Content-Length, which is always computed from the body. */
export function toHeaderEntries(headers: Record<string, string | string[]> | undefined): HeaderEntry[] {
  const entries: HeaderEntry[] = [];
  if (headers === undefined) return entries;
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    const value = headers[name];
    if (lower !== "content-length" && value !== undefined) entries.push({ name, lower, value });
  }
  return entries;
}

/** What differs between the hops of one request. */
export interface HopHeaderOptions {
  /** Sent when the request has no User-Agent of its own; "" sends none. */
  userAgent: string;
  /** Cookies from the jar and the request, appended to any Cookie header given; "" for none. */
  cookie: string;
  /** Referer to set on a redirected hop unless the request has its own; "" for none. */
  referer: string;
  /** Drop credentials and Host (a redirect to another host). */
  stripCredentials: boolean;
  /** Drop the headers that describe the body (a redirect that dropped the body). */
  stripBodyHeaders: boolean;
}

/**
 * Builds the flat header list (name, value, name, value, ...) that undici writes as is, which is
 * its cheapest header format.
 *
 * @example buildHopHeaders(toHeaderEntries({ Accept: "*\/*" }), { userAgent: "k6", cookie: "a=1",
 *   referer: "", stripCredentials: false, stripBodyHeaders: false })
 *   // → ["Accept", "*\/*", "User-Agent", "k6", "Cookie", "a=1"]
 */
export function buildHopHeaders(entries: readonly HeaderEntry[], options: HopHeaderOptions): string[] {
  const flat: string[] = [];
  let hasUserAgent = false;
  let hasReferer = false;
  let cookie = "";
  for (const { name, lower, value } of entries) {
    if (options.stripCredentials && CREDENTIALS.has(lower)) continue;
    if (options.stripBodyHeaders && BODY_HEADERS.has(lower)) continue;
    if (lower === "cookie") {
      cookie = joinCookies(cookie, Array.isArray(value) ? value.join("; ") : value);
      continue;
    }
    if (lower === "user-agent") hasUserAgent = true;
    else if (lower === "referer") hasReferer = true;
    if (Array.isArray(value)) {
      for (const item of value) flat.push(name, item);
    } else {
      flat.push(name, value);
    }
  }
  if (!hasUserAgent && options.userAgent !== "") flat.push("User-Agent", options.userAgent);
  if (!hasReferer && options.referer !== "") flat.push("Referer", options.referer);
  cookie = joinCookies(cookie, options.cookie);
  if (cookie !== "") flat.push("Cookie", cookie);
  return flat;
}

function joinCookies(a: string, b: string): string {
  if (a === "") return b;
  return b === "" ? a : `${a}; ${b}`;
}
