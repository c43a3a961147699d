import type { K6Error } from "./error-codes.js";
import type { ExchangeOutcome } from "./exchange.js";
import { computeTimings, startStamps } from "./timings.js";
import type { HttpHop, HttpResult, ResponseCookie } from "./types.js";

/** The cookies of a response that set none (shared, never mutated). */
export const NO_COOKIES: Record<string, ResponseCookie[]> = Object.freeze({}) as Record<
  string,
  ResponseCookie[]
>;

/** k6's view of one exchange; `error` (the outcome's, or one found in its body) makes it a failed hop. */
export function toHop(method: string, url: string, outcome: ExchangeOutcome, error: K6Error | null): HttpHop {
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

/** The result of a request whose last hop is `hops`' last: its fields, with bytes totalled over all hops. */
export function finalResult(
  hops: HttpHop[],
  headers: Record<string, string>,
  body: string | ArrayBuffer | null,
  cookies: Record<string, ResponseCookie[]>,
): HttpResult {
  return resultFrom(hops[hops.length - 1] as HttpHop, hops, headers, body, cookies);
}

/**
 * The result of a request that failed before its next hop was sent (bad URL, deadline passed
 * between redirects): the hops made so far, and the error with zero timings as no hop of its own.
 */
export function unsentResult(method: string, url: string, error: K6Error, hops: HttpHop[]): HttpResult {
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
    timings: computeTimings(startStamps(0)),
    error: error.message,
    errorCode: error.code,
    bytesSent: 0,
    bytesReceived: 0,
  };
  return resultFrom(unsent, hops, {}, null, NO_COOKIES);
}

function resultFrom(
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
