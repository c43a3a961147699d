import type { Socket } from "node:net";
import type { Dispatcher } from "undici";
import type { Connection } from "./connection-pool.js";
import type { ConnectTrace, WireCounter } from "./connector.js";
import { classifyTransportError, type K6Error } from "./error-codes.js";
import { type ExchangeStamps, startStamps } from "./timings.js";

/** One request as written on the wire (one hop of a redirect chain). */
export interface ExchangeRequest {
  method: string;
  /** Path and query, e.g. "/search?q=1". */
  path: string;
  /** Flat list: name, value, name, value, ... */
  headers: string[];
  body: Buffer | null;
  /** Ask the server to close the connection after this exchange (k6 `noConnectionReuse`). */
  closeConnection: boolean;
  /** Keep the body chunks (false: only count them). */
  keepBody: boolean;
}

/** Everything one exchange produced; `error` is null when a complete response arrived. */
export interface ExchangeOutcome {
  status: number;
  /** The reason phrase as the server sent it. */
  reason: string;
  rawHeaders: Buffer[];
  chunks: Buffer[];
  stamps: ExchangeStamps;
  bytesSent: number;
  bytesReceived: number;
  remoteIp: string;
  remotePort: number;
  tlsVersion: string;
  tlsCipherSuite: string;
  error: K6Error | null;
  /**
   * The connection had served earlier requests and died before any byte of this response: the
   * server most likely closed it while idle, and the request may never have reached it.
   */
  staleConnection: boolean;
}

// Errors of a connection that went away under a request; others (TLS, parsing...) are real failures.
const CONNECTION_LOST = new Set(["UND_ERR_SOCKET", "ECONNRESET", "EPIPE"]);

// undici 7 still calls these legacy callbacks (DispatcherBase only adapts handlers that have
// onRequestStart). Unlike the controller API they hand over the raw header list without building
// an object, and include onRequestSent, the moment the request is written, which the new API lacks.
type LegacyHandler = Required<
  Pick<
    Dispatcher.DispatchHandler,
    "onConnect" | "onResponseStarted" | "onHeaders" | "onData" | "onComplete" | "onError"
  >
> & { onRequestSent(): void };

const NO_HEADERS: Buffer[] = [];

/**
 * A request in flight on one connection: the dispatch handler that timestamps every phase and
 * collects the response. `done` always resolves, with the error inside the outcome; `fail` ends
 * the exchange early (timeout, abort), after which the caller must discard the connection.
 */
export class Exchange implements LegacyHandler {
  /** Settles once, with the response or the error. */
  readonly done: Promise<ExchangeOutcome>;
  readonly #trace: ConnectTrace;
  readonly #keepBody: boolean;
  readonly #stamps: ExchangeStamps;
  #resolve: (outcome: ExchangeOutcome) => void = () => {};
  #settled = false;
  #socket: Socket | null = null;
  #wire: WireCounter | null = null;
  #readBase = 0;
  #writtenBase = 0;
  #sentByFirstByte = 0;
  #receivedByHeaders = 0;
  #awaitingDrain = false;
  #stale = false;
  #status = 0;
  #reason = "";
  #rawHeaders: Buffer[] = NO_HEADERS;
  #chunks: Buffer[] = [];

  private constructor(connection: Connection, keepBody: boolean) {
    this.#trace = connection.trace;
    this.#keepBody = keepBody;
    this.#stamps = startStamps(performance.now());
    this.done = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  /** Dispatches `request` on `connection`, which must be free (pipelining 1). */
  static start(connection: Connection, request: ExchangeRequest): Exchange {
    const exchange = new Exchange(connection, request.keepBody);
    connection.client.dispatch(
      {
        path: request.path,
        method: request.method,
        headers: request.headers,
        body: request.body,
        // Always explicit: undici would otherwise close the connection after every HEAD.
        reset: request.closeConnection,
      },
      exchange,
    );
    return exchange;
  }

  /** Ends the exchange now with `error`; whatever undici reports later is ignored. */
  fail(error: K6Error): void {
    this.#finish(error);
  }

  onConnect(): void {
    const stamps = this.#stamps;
    stamps.gotConnection = performance.now();
    const trace = this.#trace;
    this.#socket = trace.socket;
    this.#wire = trace.wire;
    if (trace.fresh) {
      // This request waited for the connection: it carries the connect times and the handshake bytes.
      trace.fresh = false;
      stamps.connectStart = trace.connectStart;
      stamps.connectEnd = trace.connectEnd;
      stamps.tlsEnd = trace.tlsEnd;
    } else if (this.#wire !== null) {
      this.#readBase = this.#wire.bytesRead;
      this.#writtenBase = this.#wire.bytesWritten;
    }
  }

  onRequestSent(): void {
    const socket = this.#socket;
    // A body the kernel could not take at once is still being written; it is sent when drained.
    if (socket !== null && socket.writableLength > 0) {
      this.#awaitingDrain = true;
      socket.once("drain", () => this.#markWritten());
    } else {
      this.#stamps.requestWritten = performance.now();
    }
  }

  onResponseStarted(): void {
    const stamps = this.#stamps;
    if (stamps.firstByte !== 0) return;
    stamps.firstByte = performance.now();
    if (this.#awaitingDrain) this.#markWritten();
    this.#sentByFirstByte = this.#sentSoFar();
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], _resume: () => void, statusText: string): boolean {
    // 1xx informational responses precede the real one.
    if (statusCode >= 200) {
      this.#status = statusCode;
      this.#reason = statusText;
      this.#rawHeaders = rawHeaders;
      this.#receivedByHeaders = this.#receivedSoFar();
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.#keepBody) this.#chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    this.#finish(null);
  }

  onError(error: Error): void {
    const code = (error as { code?: unknown }).code;
    const stamps = this.#stamps;
    this.#stale =
      typeof code === "string" &&
      CONNECTION_LOST.has(code) &&
      stamps.gotConnection !== 0 &&
      stamps.connectEnd === 0 &&
      stamps.firstByte === 0;
    this.#finish(classifyTransportError(error, this.#status !== 0));
  }

  #markWritten(): void {
    if (!this.#awaitingDrain) return;
    this.#awaitingDrain = false;
    this.#stamps.requestWritten = performance.now();
  }

  #sentSoFar(): number {
    return this.#wire === null ? 0 : this.#wire.bytesWritten - this.#writtenBase;
  }

  #receivedSoFar(): number {
    return this.#wire === null ? 0 : this.#wire.bytesRead - this.#readBase;
  }

  #finish(error: K6Error | null): void {
    if (this.#settled) return;
    this.#settled = true;
    const stamps = this.#stamps;
    stamps.end = performance.now();
    const trace = this.#trace;
    this.#resolve({
      status: error === null ? this.#status : 0,
      reason: error === null ? this.#reason : "",
      rawHeaders: error === null ? this.#rawHeaders : NO_HEADERS,
      chunks: this.#chunks,
      stamps,
      // A handle already closed by an error reads 0: keep what was seen while it was open.
      bytesSent: Math.max(this.#sentSoFar(), this.#sentByFirstByte),
      bytesReceived: Math.max(this.#receivedSoFar(), this.#receivedByHeaders),
      remoteIp: this.#socket === null ? "" : trace.remoteIp,
      remotePort: this.#socket === null ? 0 : trace.remotePort,
      tlsVersion: this.#socket === null ? "" : trace.tlsVersion,
      tlsCipherSuite: this.#socket === null ? "" : trace.tlsCipherSuite,
      error,
      staleConnection: this.#stale,
    });
  }
}
