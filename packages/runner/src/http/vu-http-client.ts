import type { LookupFunction } from "node:net";
import { unwatchAbort, watchAbort } from "./abort-watch.js";
import { ConnectionPool } from "./connection-pool.js";
import type { TlsSettings } from "./connector.js";
import { buildCookieHeader, parseSetCookies, toResponseCookies } from "./cookie-headers.js";
import { VuCookieJar } from "./cookie-jar.js";
import { K6_ERROR_CODES, type K6Error } from "./error-codes.js";
import { Exchange, type ExchangeOutcome } from "./exchange.js";
import { mayForwardCredentials, redirectReferer, redirectStep } from "./redirects.js";
import { RequestDeadline } from "./request-deadline.js";
import { buildHopHeaders, toHeaderEntries } from "./request-headers.js";
import { decodeBody } from "./response-body.js";
import { parseResponseHeaders } from "./response-headers.js";
import { computeTimings, startStamps } from "./timings.js";
import type { HttpHop, HttpRequest, HttpResult, ResponseCookie } from "./types.js";

/** Settings of one VU's HTTP client; all optional. */
export interface VuHttpClientOptions {
  /** Sent as User-Agent when a request has none; default none. */
  userAgent?: string;
  /** Close every connection after its request (k6 `noConnectionReuse`). Default false. */
  noConnectionReuse?: boolean;
  /** TLS settings; `rejectUnauthorized` defaults to true (a request may still skip verification). */
  tls?: Partial<TlsSettings>;
  /** Local address to connect from (k6 `localIPs`). */
  localAddress?: string;
  /** DNS resolution, e.g. a cache shared by all VUs (k6 `dns` option); default `dns.lookup`. */
  lookup?: LookupFunction;
  /** How long an unused connection stays open when the server sends no Keep-Alive hint. Default 60 000 ms. */
  idleTimeoutMs?: number;
  /** Idle connections kept per origin after concurrent requests (k6 `batchPerHost`). Default 6. */
  maxIdleConnectionsPerHost?: number;
}

const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_IDLE_PER_HOST = 6;
const NO_COOKIES: Record<string, ResponseCookie[]> = Object.freeze({}) as Record<string, ResponseCookie[]>;

/**
 * The HTTP client of one virtual user: its own keep-alive connections (one per origin while
 * requests are sequential, one per concurrent request otherwise) and its own cookie jar, both
 * created on first use. `request` resolves with k6's view of the outcome and never rejects for
 * HTTP or network errors.
 *
 * @example
 * const client = new VuHttpClient({ userAgent: "barrage/0.1" });
 * const res = await client.request({ method: "GET", url: "http://127.0.0.1:8080/", timeoutMs: 60_000,
 *   maxRedirects: 10, responseType: "text", insecureSkipTLSVerify: false });
 * res.status; res.timings.waiting; res.hops.length;
 * await client.close();
 */
export class VuHttpClient {
  readonly #options: VuHttpClientOptions;
  #pool: ConnectionPool | null = null;
  #jar: VuCookieJar | null = null;

  constructor(options: VuHttpClientOptions = {}) {
    this.#options = options;
  }

  /** The VU's cookie jar (k6 `http.cookieJar()`). */
  get jar(): VuCookieJar {
    this.#jar ??= new VuCookieJar();
    return this.#jar;
  }

  /** Empties the VU's jar, as k6 does before each iteration unless `noCookiesReset` is set. */
  resetCookies(): void {
    this.#jar?.clearAll();
  }

  /**
   * Sends `req`, following redirects up to `req.maxRedirects`. Throws only for a `timeoutMs` that
   * is not a positive number; every HTTP or network failure comes back in `error`/`errorCode`.
   */
  async request(req: HttpRequest): Promise<HttpResult> {
    const deadline = new RequestDeadline(req.timeoutMs);
    const signal = req.signal;
    if (signal !== undefined) watchAbort(signal, deadline);
    try {
      return await this.#follow(req, deadline);
    } finally {
      deadline.dispose();
      if (signal !== undefined) unwatchAbort(signal, deadline);
    }
  }

  /** Closes all connections of this VU; later requests open new ones. */
  async close(): Promise<void> {
    const pool = this.#pool;
    this.#pool = null;
    await pool?.close();
  }

  async #follow(req: HttpRequest, deadline: RequestDeadline): Promise<HttpResult> {
    const hops: HttpHop[] = [];
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return unsentResult(
        req.method,
        req.url,
        { code: K6_ERROR_CODES.invalidUrl, message: "invalid URL" },
        hops,
      );
    }
    const jar = req.jar === false ? null : (req.jar ?? this.jar);
    const entries = toHeaderEntries(req.headers);
    const noReuse = this.#options.noConnectionReuse === true;
    const first = url;
    let method = req.method;
    let body = toBuffer(req.body);
    let referer = "";
    let stripCredentials = false;
    let stripBodyHeaders = false;

    for (;;) {
      const unsupported = unsupportedScheme(url);
      if (unsupported !== null) return unsentResult(method, url.href, unsupported, hops);
      if (deadline.error !== null) return unsentResult(method, url.href, deadline.error, hops);

      const headers = buildHopHeaders(entries, {
        userAgent: this.#options.userAgent ?? "",
        cookie: buildCookieHeader(jar, url.href, req.cookies),
        referer,
        stripCredentials,
        stripBodyHeaders,
      });
      const pool = this.#connections();
      const connection = pool.acquire(url.origin, req.insecureSkipTLSVerify);
      const exchange = Exchange.start(connection, {
        method,
        path: url.pathname + url.search,
        headers,
        body,
        closeConnection: noReuse,
        keepBody: req.responseType !== "none",
      });
      deadline.current = exchange;
      const outcome = await exchange.done;
      deadline.current = null;
      if (outcome.error === null) pool.release(connection);
      else pool.discard(connection);

      if (outcome.error !== null) {
        hops.push(toHop(method, url.href, outcome, outcome.error));
        return finalResult(lastHop(hops), hops, {}, null, NO_COOKIES);
      }

      const { headers: responseHeaders, setCookies } = parseResponseHeaders(outcome.rawHeaders);
      let cookies = NO_COOKIES;
      if (setCookies.length > 0) {
        const parsed = parseSetCookies(setCookies);
        cookies = toResponseCookies(parsed);
        jar?.storeFromResponse(url.href, parsed);
      }

      const step = redirectStep(outcome.status, method);
      const location = responseHeaders.Location;
      if (step === null || location === undefined || hops.length >= req.maxRedirects) {
        const decoded = decodeBody(outcome.chunks, responseHeaders["Content-Encoding"], req.responseType);
        hops.push(toHop(method, url.href, outcome, decoded.error));
        if (decoded.error !== null) return finalResult(lastHop(hops), hops, {}, null, NO_COOKIES);
        return finalResult(lastHop(hops), hops, responseHeaders, decoded.body, cookies);
      }
      hops.push(toHop(method, url.href, outcome, null));

      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        const message = `failed to parse Location header ${JSON.stringify(location)}`;
        return unsentResult(method, url.href, { code: K6_ERROR_CODES.generic, message }, hops);
      }
      referer = redirectReferer(url, next);
      stripCredentials = !mayForwardCredentials(first, next);
      if (!step.keepBody) {
        body = null;
        stripBodyHeaders = true;
      }
      method = step.method;
      url = next;
    }
  }

  #connections(): ConnectionPool {
    if (this.#pool === null) {
      const options = this.#options;
      this.#pool = new ConnectionPool(
        {
          tls: { ...options.tls, rejectUnauthorized: options.tls?.rejectUnauthorized ?? true },
          localAddress: options.localAddress,
          lookup: options.lookup,
        },
        {
          idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
          maxIdlePerOrigin: options.maxIdleConnectionsPerHost ?? DEFAULT_MAX_IDLE_PER_HOST,
        },
      );
    }
    return this.#pool;
  }
}

function toBuffer(body: string | Uint8Array | null | undefined): Buffer | null {
  if (body === null || body === undefined || body.length === 0) return null;
  if (typeof body === "string") return Buffer.from(body, "utf8");
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function unsupportedScheme(url: URL): K6Error | null {
  if (url.protocol === "http:" || url.protocol === "https:") return null;
  return {
    code: K6_ERROR_CODES.generic,
    message: `unsupported protocol scheme ${JSON.stringify(url.protocol.slice(0, -1))}: only http and https URLs are allowed`,
  };
}

function toHop(method: string, url: string, outcome: ExchangeOutcome, error: K6Error | null): HttpHop {
  const ok = error === null;
  const status = ok ? outcome.status : 0;
  return {
    method,
    url,
    status,
    statusText: !ok ? "" : outcome.reason === "" ? String(status) : `${status} ${outcome.reason}`,
    proto: ok ? "HTTP/1.1" : "",
    remoteIp: outcome.remoteIp,
    remotePort: outcome.remotePort,
    tlsVersion: outcome.tlsVersion,
    tlsCipherSuite: outcome.tlsCipherSuite,
    timings: computeTimings(outcome.stamps),
    error: ok ? "" : error.message,
    errorCode: ok ? 0 : error.code,
    bytesSent: outcome.bytesSent,
    bytesReceived: outcome.bytesReceived,
  };
}

// Totals over the hops, with the fields of `last` (the final hop, or a request that failed before
// it was sent, which is no hop of its own).
function finalResult(
  last: HttpHop,
  hops: HttpHop[],
  headers: Record<string, string>,
  body: string | ArrayBuffer | null,
  cookies: Record<string, ResponseCookie[]>,
): HttpResult {
  let bytesSent = 0;
  let bytesReceived = 0;
  for (const hop of hops) {
    bytesSent += hop.bytesSent;
    bytesReceived += hop.bytesReceived;
  }
  // Spelled out: an object spread here costs tens of microseconds per request in V8.
  return {
    method: last.method,
    url: last.url,
    status: last.status,
    statusText: last.statusText,
    proto: last.proto,
    remoteIp: last.remoteIp,
    remotePort: last.remotePort,
    tlsVersion: last.tlsVersion,
    tlsCipherSuite: last.tlsCipherSuite,
    timings: last.timings,
    error: last.error,
    errorCode: last.errorCode,
    bytesSent,
    bytesReceived,
    headers,
    body,
    cookies,
    hops,
  };
}

function lastHop(hops: HttpHop[]): HttpHop {
  return hops[hops.length - 1] as HttpHop;
}

// A request that failed before it was sent (bad URL, deadline passed between redirects): the hops
// so far, and the error with zero timings.
function unsentResult(method: string, url: string, error: K6Error, hops: HttpHop[]): HttpResult {
  const stamps = startStamps(0);
  const unsent: HttpHop = {
    method,
    url,
    status: 0,
    statusText: "",
    proto: "",
    remoteIp: "",
    remotePort: 0,
    tlsVersion: "",
    tlsCipherSuite: "",
    timings: computeTimings(stamps),
    error: error.message,
    errorCode: error.code,
    bytesSent: 0,
    bytesReceived: 0,
  };
  return finalResult(unsent, hops, {}, null, NO_COOKIES);
}
