import { Client } from "undici";
import {
  type ConnectSettings,
  type ConnectTrace,
  createTimedConnector,
  emptyConnectTrace,
} from "./connector.js";

/** Limits of a VU's connections. */
export interface PoolLimits {
  /** How long an unused connection stays open when the server gives no Keep-Alive hint, in ms. */
  idleTimeoutMs: number;
  /** Idle connections kept per origin; surplus ones close when their request ends (k6 `batchPerHost`). */
  maxIdlePerOrigin: number;
}

// Go's default MaxResponseHeaderBytes is 1 MiB; Node's 16 KiB would fail responses that k6 reads.
const MAX_RESPONSE_HEADER_BYTES = 1 << 20;
// undici reuses a connection for the server's Keep-Alive hint minus this margin; 1 s instead of its
// 2 s keeps connections to servers announcing "timeout=2" reusable, as they are in k6.
const KEEP_ALIVE_HINT_MARGIN_MS = 1000;
const MAX_KEEP_ALIVE_HINT_MS = 600_000;

/**
 * One keep-alive connection: an undici Client, which never holds more than one socket, with
 * pipelining 1 so it carries one request at a time, and what its connector measured.
 */
export class Connection {
  readonly trace: ConnectTrace = emptyConnectTrace();
  readonly client: Client;
  busy = false;

  constructor(
    /** The pool slot: the origin, plus a mark for connections that skip certificate checks. */
    readonly key: string,
    origin: string,
    settings: ConnectSettings,
    idleTimeoutMs: number,
    onClosed: (connection: Connection) => void,
  ) {
    this.client = new Client(origin, {
      connect: createTimedConnector(settings, this.trace, () => onClosed(this)),
      pipelining: 1,
      keepAliveTimeout: idleTimeoutMs,
      keepAliveMaxTimeout: MAX_KEEP_ALIVE_HINT_MS,
      keepAliveTimeoutThreshold: KEEP_ALIVE_HINT_MARGIN_MS,
      // The VU enforces one deadline over the whole request, redirects included.
      headersTimeout: 0,
      bodyTimeout: 0,
      maxHeaderSize: MAX_RESPONSE_HEADER_BYTES,
    });
  }

  /** Closes the socket at once, including one still connecting; the Client cannot be used again. */
  destroy(): Promise<void> {
    this.trace.socket?.destroy();
    return this.client.destroy();
  }
}

/**
 * A VU's connections, per origin. A request takes an idle connection of its origin or opens a new
 * one, so concurrent requests of one VU (http.batch) get one connection each, as Go's transport
 * gives them; one at a time, a VU keeps reusing a single connection per origin.
 */
export class ConnectionPool {
  readonly #byKey = new Map<string, Connection[]>();
  readonly #settings: ConnectSettings;
  #insecureSettings: ConnectSettings | null = null;
  readonly #limits: PoolLimits;

  // An idle connection whose socket closed (server idle timeout, "Connection: close") is dropped
  // with its Client, so that a VU that visited many hosts does not keep a Client for each.
  readonly #onClosed = (connection: Connection): void => {
    if (!connection.busy) this.discard(connection);
  };

  constructor(settings: ConnectSettings, limits: PoolLimits) {
    this.#settings = settings;
    this.#limits = limits;
  }

  /** An idle connection to `origin` (e.g. "https://example.com:8443"), marked busy; opened lazily. */
  acquire(origin: string, skipTlsVerify: boolean): Connection {
    const insecure = skipTlsVerify && origin.startsWith("https:");
    const key = insecure ? `${origin} insecure` : origin;
    let connections = this.#byKey.get(key);
    if (connections === undefined) {
      connections = [];
      this.#byKey.set(key, connections);
    }
    let connection: Connection | undefined;
    for (const candidate of connections) {
      if (!candidate.busy) {
        connection = candidate;
        break;
      }
    }
    if (connection === undefined) {
      const settings = insecure ? this.#insecure() : this.#settings;
      connection = new Connection(key, origin, settings, this.#limits.idleTimeoutMs, this.#onClosed);
      connections.push(connection);
    }
    connection.busy = true;
    return connection;
  }

  /** Hands a connection back after a complete exchange; closes it when its origin already has enough idle ones. */
  release(connection: Connection): void {
    connection.busy = false;
    const connections = this.#byKey.get(connection.key);
    if (connections === undefined) return;
    let idle = 0;
    for (const candidate of connections) if (!candidate.busy) idle++;
    if (idle > this.#limits.maxIdlePerOrigin) this.discard(connection);
  }

  /** Drops a connection that failed, timed out or was aborted, so that nothing reuses its socket. */
  discard(connection: Connection): void {
    const connections = this.#byKey.get(connection.key);
    const index = connections?.indexOf(connection) ?? -1;
    if (connections !== undefined && index >= 0) {
      connections.splice(index, 1);
      if (connections.length === 0) this.#byKey.delete(connection.key);
    }
    // undici's destroy() settles once the socket is closed and does not fail; nobody needs to wait.
    void connection.destroy();
  }

  /** Closes every connection; in-flight requests fail. The pool stays usable and reconnects lazily. */
  async close(): Promise<void> {
    const all = [...this.#byKey.values()].flat();
    this.#byKey.clear();
    await Promise.all(all.map((connection) => connection.destroy()));
  }

  #insecure(): ConnectSettings {
    this.#insecureSettings ??= {
      ...this.#settings,
      tls: { ...this.#settings.tls, rejectUnauthorized: false },
    };
    return this.#insecureSettings;
  }
}
