import type { HttpTimings } from "./types.js";

/**
 * Moments of one exchange, from `performance.now()`; 0 means "did not happen" (as in k6's tracer).
 */
export interface ExchangeStamps {
  /** The exchange was handed to the connection. */
  start: number;
  /** A connected socket took the request (right before writing it). */
  gotConnection: number;
  /** A new connection started its TCP connect (after DNS); 0 on a reused connection. */
  connectStart: number;
  /** The TCP connection was established; 0 on a reused connection. */
  connectEnd: number;
  /** The TLS handshake finished (it starts at `connectEnd`); 0 without TLS or on reuse. */
  tlsEnd: number;
  /** The whole request was handed to the kernel. */
  requestWritten: number;
  /** The first byte of the response arrived. */
  firstByte: number;
  /** The response was complete, or the exchange failed. */
  end: number;
}

/** A fresh set of stamps with only the start known. */
export function startStamps(start: number): ExchangeStamps {
  return {
    start,
    gotConnection: 0,
    connectStart: 0,
    connectEnd: 0,
    tlsEnd: 0,
    requestWritten: 0,
    firstByte: 0,
    end: 0,
  };
}

/**
 * k6's split of an exchange (lib/netext/httpext/tracer.go): blocked runs until a connection is
 * ready and so includes DNS, connect and TLS of a new connection; waiting runs to the end when no
 * response byte came; `duration = sending + waiting + receiving`. Sending is measured from the
 * moment the socket took the request, so it never overlaps blocked.
 */
export function computeTimings(s: ExchangeStamps): HttpTimings {
  const blocked = s.gotConnection > s.start ? s.gotConnection - s.start : 0;
  const connecting = s.connectEnd !== 0 && s.connectStart !== 0 ? s.connectEnd - s.connectStart : 0;
  const tlsHandshaking = s.tlsEnd !== 0 && s.connectEnd !== 0 ? s.tlsEnd - s.connectEnd : 0;
  let sending = 0;
  let waiting = 0;
  if (s.requestWritten !== 0) {
    sending = s.gotConnection !== 0 ? s.requestWritten - s.gotConnection : 0;
    if (s.firstByte === 0) waiting = s.end - s.requestWritten;
    else if (s.firstByte > s.requestWritten) waiting = s.firstByte - s.requestWritten;
  }
  const receiving = s.firstByte !== 0 ? s.end - s.firstByte : 0;
  return {
    blocked,
    connecting,
    tls_handshaking: tlsHandshaking,
    sending,
    waiting,
    receiving,
    duration: sending + waiting + receiving,
  };
}
