import { buildCookieHeader, parseSetCookies, toResponseCookies } from "./cookie-headers.js";
import type { VuCookieJar } from "./cookie-jar.js";
import { K6_ERROR_CODES, type K6Error } from "./error-codes.js";
import type { ExchangeOutcome, ExchangeRequest } from "./exchange.js";
import { finalResult, NO_COOKIES, toHop, unsentResult } from "./http-result.js";
import { mayForwardCredentials, redirectReferer, redirectStep } from "./redirects.js";
import { buildHopHeaders, type HeaderEntry, toHeaderEntries } from "./request-headers.js";
import { decodeBody } from "./response-body.js";
import { parseResponseHeaders } from "./response-headers.js";
import type { HttpHop, HttpRequest, HttpResult } from "./types.js";
import { type ParsedUrl, parseUrl } from "./url-cache.js";

/**
 * The hops of one request: what each sends (method, body, headers, cookies) and how each response
 * ends the request or leads to the next hop, by k6's (Go's) redirect and cookie rules.
 */
export class RedirectChain {
  /** The hops made so far. */
  readonly hops: HttpHop[] = [];
  readonly #req: HttpRequest;
  readonly #jar: VuCookieJar | null;
  readonly #userAgent: string;
  readonly #closeConnections: boolean;
  readonly #entries: HeaderEntry[];
  readonly #first: URL;
  #url: URL;
  #origin: string;
  #method: string;
  #body: Buffer | null;
  #referer = "";
  #stripCredentials = false;
  #stripBodyHeaders = false;

  private constructor(
    req: HttpRequest,
    parsed: ParsedUrl,
    jar: VuCookieJar | null,
    userAgent: string,
    closeConnections: boolean,
  ) {
    this.#req = req;
    this.#jar = jar;
    this.#userAgent = userAgent;
    this.#closeConnections = closeConnections;
    this.#entries = toHeaderEntries(req.headers);
    this.#first = parsed.url;
    this.#url = parsed.url;
    this.#origin = parsed.origin;
    this.#method = req.method;
    this.#body = toBuffer(req.body);
  }

  /** A chain for `req`, or the result to return at once when its URL cannot be parsed. */
  static start(
    req: HttpRequest,
    jar: VuCookieJar | null,
    userAgent: string,
    closeConnections: boolean,
  ): RedirectChain | HttpResult {
    let parsed: ParsedUrl;
    try {
      parsed = parseUrl(req.url);
    } catch {
      return unsentResult(
        req.method,
        req.url,
        { code: K6_ERROR_CODES.invalidUrl, message: "invalid URL" },
        [],
      );
    }
    return new RedirectChain(req, parsed, jar, userAgent, closeConnections);
  }

  /** The origin ("https://host:port") the next hop goes to. */
  get origin(): string {
    return this.#origin;
  }

  /** Ends the chain before the next hop with `error`, or with an error of its own when that hop cannot be sent. */
  stopBeforeNextHop(error: K6Error | null): HttpResult | null {
    const url = this.#url;
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      const scheme = JSON.stringify(url.protocol.slice(0, -1));
      error = {
        code: K6_ERROR_CODES.generic,
        message: `unsupported protocol scheme ${scheme}: only http and https URLs are allowed`,
      };
    }
    return error === null ? null : unsentResult(this.#method, url.href, error, this.hops);
  }

  /**
   * Whether the next hop may be sent again after a stale keep-alive connection failed it, by Go's
   * rule: an idempotent method, or a request marked with an idempotency key.
   */
  isReplayable(): boolean {
    if (REPLAYABLE_METHODS.has(this.#method)) return true;
    return this.#entries.some(
      (entry) => entry.lower === "idempotency-key" || entry.lower === "x-idempotency-key",
    );
  }

  /** The next hop as written on the wire. */
  nextRequest(): ExchangeRequest {
    const url = this.#url;
    return {
      method: this.#method,
      path: url.pathname + url.search,
      headers: buildHopHeaders(this.#entries, {
        userAgent: this.#userAgent,
        cookie: buildCookieHeader(this.#jar, url.href, this.#req.cookies),
        referer: this.#referer,
        stripCredentials: this.#stripCredentials,
        stripBodyHeaders: this.#stripBodyHeaders,
      }),
      body: this.#body,
      closeConnection: this.#closeConnections,
      keepBody: this.#req.responseType !== "none",
    };
  }

  /**
   * Records the hop that produced `outcome` and stores the cookies it set. Returns the request's
   * result, or null when the response is a redirect to follow (the chain then points at it).
   */
  onResponse(outcome: ExchangeOutcome): HttpResult | null {
    const url = this.#url;
    const hops = this.hops;
    if (outcome.error !== null) {
      hops.push(toHop(this.#method, url.href, outcome, outcome.error));
      return finalResult(hops, {}, null, NO_COOKIES);
    }
    const { headers, setCookies } = parseResponseHeaders(outcome.rawHeaders);
    let cookies = NO_COOKIES;
    if (setCookies.length > 0) {
      const parsed = parseSetCookies(setCookies);
      cookies = toResponseCookies(parsed);
      this.#jar?.storeFromResponse(url.href, parsed);
    }

    const step = redirectStep(outcome.status, this.#method);
    const location = headers.Location;
    if (step === null || location === undefined || hops.length >= this.#req.maxRedirects) {
      const decoded = decodeBody(outcome.chunks, headers["Content-Encoding"], this.#req.responseType);
      hops.push(toHop(this.#method, url.href, outcome, decoded.error));
      return decoded.error === null
        ? finalResult(hops, headers, decoded.body, cookies)
        : finalResult(hops, {}, null, NO_COOKIES);
    }
    hops.push(toHop(this.#method, url.href, outcome, null));

    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      const message = `failed to parse Location header ${JSON.stringify(location)}`;
      return unsentResult(this.#method, url.href, { code: K6_ERROR_CODES.generic, message }, hops);
    }
    this.#referer = redirectReferer(url, next);
    this.#stripCredentials = !mayForwardCredentials(this.#first, next);
    if (!step.keepBody) {
      this.#body = null;
      this.#stripBodyHeaders = true;
    }
    this.#method = step.method;
    this.#url = next;
    this.#origin = next.origin;
    return null;
  }
}

const REPLAYABLE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

function toBuffer(body: string | Uint8Array | null | undefined): Buffer | null {
  if (body === null || body === undefined || body.length === 0) return null;
  if (typeof body === "string") return Buffer.from(body, "utf8");
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}
