import { Cookie, CookieJar } from "tough-cookie";

/** Attributes accepted by `VuCookieJar.set`, named as in k6's `jar.set(url, name, value, options)`. */
export interface CookieSetOptions {
  domain?: string;
  path?: string;
  /** A date string (RFC 1123 as in k6, or anything `Date.parse` reads), a Date, or ms since the epoch. */
  expires?: string | number | Date;
  /** Seconds; 0 or less deletes the cookie. */
  max_age?: number;
  secure?: boolean;
  http_only?: boolean;
}

/**
 * A VU's cookie jar (RFC 6265, tough-cookie's in-memory store) with k6's `http.cookieJar()` API.
 * The tough-cookie jar behind it is only created when the first cookie arrives, so VUs that never
 * see a cookie pay nothing for it.
 *
 * @example
 * const jar = new VuCookieJar();
 * jar.set("https://example.com/", "session", "abc", { path: "/", http_only: true });
 * jar.cookiesForURL("https://example.com/app"); // → { session: ["abc"] }
 */
export class VuCookieJar {
  #jar: CookieJar | null = null;

  /** Stores a cookie as if `url` had set it; throws when an option cannot be read. */
  set(url: string, name: string, value: string, options: CookieSetOptions = {}): void {
    const cookie = new Cookie({
      key: name,
      value,
      domain: options.domain ?? null,
      path: options.path ?? null,
      expires: options.expires === undefined ? null : parseExpires(options.expires),
      maxAge: options.max_age ?? null,
      secure: options.secure ?? false,
      httpOnly: options.http_only ?? false,
    });
    this.#store().setCookieSync(cookie, url);
  }

  /** The cookies that a request to `url` would send, by name (k6's `jar.cookiesForURL`). */
  cookiesForURL(url: string): Record<string, string[]> {
    const byName: Record<string, string[]> = {};
    for (const cookie of this.cookies(url)) {
      const values = byName[cookie.key];
      if (values === undefined) byName[cookie.key] = [cookie.value];
      else values.push(cookie.value);
    }
    return byName;
  }

  /** Deletes every cookie a request to `url` would send (k6's `jar.clear`). */
  clear(url: string): void {
    this.#remove(this.cookies(url));
  }

  /** Deletes the cookies named `name` that a request to `url` would send (k6's `jar.delete`). */
  delete(url: string, name: string): void {
    this.#remove(this.cookies(url).filter((cookie) => cookie.key === name));
  }

  /** Forgets every cookie, as k6 does between iterations unless `noCookiesReset` is set. */
  clearAll(): void {
    this.#jar = null;
  }

  /** The stored cookies matching `url` (domain, path, secure), for the transport. */
  cookies(url: string): Cookie[] {
    return this.#jar === null ? [] : this.#jar.getCookiesSync(url);
  }

  /** Stores cookies a response from `url` set; invalid or foreign-domain ones are ignored, as browsers do. */
  storeFromResponse(url: string, cookies: readonly Cookie[]): void {
    const jar = this.#store();
    for (const cookie of cookies) jar.setCookieSync(cookie, url, { ignoreError: true });
  }

  /** The jar part of a Cookie header for `url` ("a=1; b=2"), "" when nothing matches. */
  cookieString(url: string): string {
    return this.#jar === null ? "" : this.#jar.getCookieStringSync(url);
  }

  #store(): CookieJar {
    this.#jar ??= new CookieJar(undefined, JAR_OPTIONS);
    return this.#jar;
  }

  #remove(cookies: readonly Cookie[]): void {
    const store = this.#jar?.store;
    if (store === undefined) return;
    for (const cookie of cookies) {
      // The in-memory store is synchronous: the callback runs before removeCookie returns.
      store.removeCookie(cookie.domain, cookie.path, cookie.key, () => {});
    }
  }
}

// Go's jar, which k6 uses, sends Secure cookies over https only; tough-cookie would also send them
// to http://localhost, which would make a local test behave unlike the real target.
const JAR_OPTIONS = { allowSecureOnLocal: false };

function parseExpires(expires: string | number | Date): Date {
  const date =
    expires instanceof Date ? expires : new Date(typeof expires === "number" ? expires : Date.parse(expires));
  if (Number.isNaN(date.getTime())) {
    throw new Error(
      `unable to parse "expires" date ${JSON.stringify(String(expires))}: give an RFC 1123 date such as ` +
        `"Mon, 02 Jan 2006 15:04:05 GMT", a Date, or milliseconds since the epoch`,
    );
  }
  return date;
}
