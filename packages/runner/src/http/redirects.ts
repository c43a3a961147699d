/** What the next request of a redirect chain sends. */
export interface RedirectStep {
  method: string;
  /** Whether the request body is sent again (307/308) or dropped with its headers (301/302/303). */
  keepBody: boolean;
}

/**
 * Go's redirect rule, which k6 follows: 301, 302 and 303 turn any method but GET and HEAD into a
 * body-less GET; 307 and 308 repeat the method and body. Other statuses are not redirects (null).
 *
 * @example redirectStep(303, "POST") // → { method: "GET", keepBody: false }
 */
export function redirectStep(status: number, method: string): RedirectStep | null {
  switch (status) {
    case 301:
    case 302:
    case 303:
      return { method: method === "GET" || method === "HEAD" ? method : "GET", keepBody: false };
    case 307:
    case 308:
      return { method, keepBody: true };
    default:
      return null;
  }
}

/**
 * Whether headers that carry credentials (Authorization, Cookie, ...) may follow a redirect from
 * the first URL of the chain to `to`: only to the same host or one of its subdomains, as in Go.
 */
export function mayForwardCredentials(first: URL, to: URL): boolean {
  const from = first.hostname.toLowerCase();
  const dest = to.hostname.toLowerCase();
  return dest === from || dest.endsWith(`.${from}`);
}

/**
 * The Referer Go sets on a redirected request: the previous URL without credentials or fragment,
 * and none when going from https to http.
 */
export function redirectReferer(from: URL, to: URL): string {
  if (from.protocol === "https:" && to.protocol === "http:") return "";
  if (from.username === "" && from.password === "" && from.hash === "") return from.href;
  const clean = new URL(from.href);
  clean.username = "";
  clean.password = "";
  clean.hash = "";
  return clean.href;
}
