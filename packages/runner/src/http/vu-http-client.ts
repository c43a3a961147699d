import type { LookupFunction } from "node:net";
import { unwatchAbort, watchAbort } from "./abort-watch.js";
import { ConnectionPool } from "./connection-pool.js";
import type { TlsSettings } from "./connector.js";
import { VuCookieJar } from "./cookie-jar.js";
import { Exchange, type ExchangeOutcome } from "./exchange.js";
import type { HostOverrides } from "./hosts.js";
import { RedirectChain } from "./redirect-chain.js";
import { RequestDeadline } from "./request-deadline.js";
import type { HttpRequest, HttpResult } from "./types.js";

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
  /** k6's `hosts` option, parsed with `parseHosts`. */
  hosts?: HostOverrides;
  /** How long an unused connection stays open when the server sends no Keep-Alive hint. Default 60 000 ms. */
  idleTimeoutMs?: number;
  /** Idle connections kept per origin after concurrent requests (k6 `batchPerHost`). Default 6. */
  maxIdleConnectionsPerHost?: number;
}

const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_IDLE_PER_HOST = 6;

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
   * Sends `req`, following redirects up to `req.maxRedirects`. Rejects only for a `timeoutMs` that
   * is not a positive number; every HTTP or network failure comes back in `error`/`errorCode`.
   */
  async request(req: HttpRequest): Promise<HttpResult> {
    const deadline = new RequestDeadline(req.timeoutMs);
    const signal = req.signal;
    if (signal !== undefined) watchAbort(signal, deadline);
    try {
      const options = this.#options;
      const jar = req.jar === false ? null : (req.jar ?? this.jar);
      const chain = RedirectChain.start(
        req,
        jar,
        options.userAgent ?? "",
        options.noConnectionReuse === true,
      );
      if (!(chain instanceof RedirectChain)) return chain;
      for (;;) {
        const stopped = chain.stopBeforeNextHop(deadline.error);
        if (stopped !== null) return stopped;
        let outcome = await this.#exchange(chain, req.insecureSkipTLSVerify, deadline);
        // Go's transport sends a request again, once, when a reused connection turns out to have
        // been closed by the server before answering; k6 users never see those failures.
        if (outcome.staleConnection && deadline.error === null && chain.isReplayable()) {
          outcome = await this.#exchange(chain, req.insecureSkipTLSVerify, deadline);
        }
        const result = chain.onResponse(outcome);
        if (result !== null) return result;
      }
    } finally {
      deadline.dispose();
      if (signal !== undefined) unwatchAbort(signal, deadline);
    }
  }

  /** Sends the chain's next hop on a free connection, which is kept for reuse only if all went well. */
  async #exchange(
    chain: RedirectChain,
    skipTlsVerify: boolean,
    deadline: RequestDeadline,
  ): Promise<ExchangeOutcome> {
    const pool = this.#connections();
    const connection = pool.acquire(chain.origin, skipTlsVerify);
    const exchange = Exchange.start(connection, chain.nextRequest());
    deadline.current = exchange;
    const outcome = await exchange.done;
    deadline.current = null;
    if (outcome.error === null) pool.release(connection);
    else pool.discard(connection);
    return outcome;
  }

  /** Closes all connections of this VU; later requests open new ones. */
  async close(): Promise<void> {
    const pool = this.#pool;
    this.#pool = null;
    await pool?.close();
  }

  #connections(): ConnectionPool {
    if (this.#pool === null) {
      const options = this.#options;
      this.#pool = new ConnectionPool(
        {
          tls: { ...options.tls, rejectUnauthorized: options.tls?.rejectUnauthorized ?? true },
          localAddress: options.localAddress,
          lookup: options.lookup,
          hosts: options.hosts,
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
