import { Cookie } from "tough-cookie";
import type { VuCookieJar } from "./cookie-jar.js";
import type { RequestCookie, ResponseCookie } from "./types.js";

/**
 * The Cookie header value for a request to `url`: the request's own cookies first, then the jar's
 * (none when `jar` is null), leaving out jar cookies that a request cookie with `replace: true`
 * overrides — k6's rule.
 *
 * @example buildCookieHeader(null, "http://a.test/", { lang: "en" }) // → "lang=en"
 */
export function buildCookieHeader(
  jar: VuCookieJar | null,
  url: string,
  requestCookies: Record<string, RequestCookie> | undefined,
): string {
  if (requestCookies === undefined) return jar === null ? "" : jar.cookieString(url);
  const parts: string[] = [];
  const replaced = new Set<string>();
  for (const name of Object.keys(requestCookies)) {
    const cookie = requestCookies[name] as RequestCookie;
    parts.push(`${name}=${typeof cookie === "string" ? cookie : cookie.value}`);
    if (typeof cookie !== "string" && cookie.replace === true) replaced.add(name);
  }
  if (jar !== null) {
    for (const cookie of jar.cookies(url)) {
      if (!replaced.has(cookie.key)) parts.push(cookie.cookieString());
    }
  }
  return parts.join("; ");
}

/** Parses `Set-Cookie` values; malformed ones are skipped, as Go's `Response.Cookies` does. */
export function parseSetCookies(values: readonly string[]): Cookie[] {
  const cookies: Cookie[] = [];
  for (const value of values) {
    const cookie = Cookie.parse(value);
    if (cookie !== undefined) cookies.push(cookie);
  }
  return cookies;
}

/**
 * Response cookies in the shape of k6's `res.cookies`, from the attributes as the server sent
 * them (read before the jar fills in defaults such as the path).
 */
export function toResponseCookies(cookies: readonly Cookie[]): Record<string, ResponseCookie[]> {
  const byName: Record<string, ResponseCookie[]> = {};
  for (const cookie of cookies) {
    const entry: ResponseCookie = {
      name: cookie.key,
      value: cookie.value,
      domain: cookie.domain ?? "",
      path: cookie.path ?? "",
      httpOnly: cookie.httpOnly,
      secure: cookie.secure,
      maxAge: goMaxAge(cookie.maxAge),
      expires: cookie.expires instanceof Date ? cookie.expires.getTime() : 0,
    };
    const list = byName[entry.name];
    if (list === undefined) byName[entry.name] = [entry];
    else list.push(entry);
  }
  return byName;
}

// Go's http.Cookie.MaxAge: 0 means no Max-Age, negative means "delete now".
function goMaxAge(maxAge: Cookie["maxAge"]): number {
  if (maxAge === null) return 0;
  if (maxAge === "-Infinity") return -1;
  if (maxAge === "Infinity") return Number.MAX_SAFE_INTEGER;
  return maxAge <= 0 ? -1 : maxAge;
}
