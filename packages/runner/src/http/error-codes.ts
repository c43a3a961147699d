/**
 * k6's HTTP error codes (lib/netext/httpext/error_codes.go), so that the `error_code` tag and
 * `res.error_code` mean the same as in k6.
 */
export const K6_ERROR_CODES = {
  generic: 1000,
  invalidUrl: 1020,
  requestTimeout: 1050,
  dns: 1100,
  dnsNoSuchHost: 1101,
  tcp: 1200,
  tcpBrokenPipe: 1201,
  tcpDial: 1210,
  tcpDialTimeout: 1211,
  tcpDialRefused: 1212,
  tcpDialUnknownErrno: 1213,
  tcpResetByPeer: 1220,
  tls: 1300,
  tlsHeader: 1301,
  x509UnknownAuthority: 1310,
  x509Hostname: 1311,
  responseDecompression: 1701,
} as const;

/** A k6 error: its code and the message k6 shows for it. */
export interface K6Error {
  code: number;
  message: string;
}

/** The k6 error of a request that hit its `timeoutMs`. */
export const REQUEST_TIMEOUT: K6Error = { code: K6_ERROR_CODES.requestTimeout, message: "request timeout" };

/** The k6 error of a request aborted through its signal (Go's cancelled context). */
export const REQUEST_CANCELED: K6Error = { code: K6_ERROR_CODES.generic, message: "context canceled" };

// OpenSSL verification results that Go reports as x509.UnknownAuthorityError: no chain to a trusted root.
const UNKNOWN_AUTHORITY = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "CERT_UNTRUSTED",
]);

// OpenSSL's codes when the peer does not speak TLS at all; Go calls that a tls.RecordHeaderError.
const NOT_TLS = new Set([
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "ERR_SSL_PACKET_LENGTH_TOO_LONG",
  "ERR_SSL_HTTP_REQUEST",
]);

// Go prints strerror(3) text in its dial errors; Node only gives the symbolic code.
const STRERROR: Record<string, string> = {
  EHOSTUNREACH: "no route to host",
  ENETUNREACH: "network is unreachable",
  EADDRNOTAVAIL: "cannot assign requested address",
  EADDRINUSE: "address already in use",
  EACCES: "permission denied",
};

interface NodeLikeError {
  code?: unknown;
  syscall?: unknown;
  errno?: unknown;
  message?: unknown;
}

/**
 * Maps an error raised by Node's net/tls/dns or by undici while sending a request to k6's code
 * and message. `responseStarted` tells a connection closed before any response ("EOF") from
 * one closed in the middle of it ("unexpected EOF"), as Go distinguishes them.
 *
 * @example classifyTransportError(Object.assign(new Error("x"), { code: "ECONNREFUSED", syscall: "connect" }), false)
 *          // → { code: 1212, message: "dial: connection refused" }
 */
export function classifyTransportError(error: unknown, responseStarted: boolean): K6Error {
  const err = (typeof error === "object" && error !== null ? error : {}) as NodeLikeError;
  const code = typeof err.code === "string" ? err.code : "";
  const syscall = typeof err.syscall === "string" ? err.syscall : "";
  const message = typeof err.message === "string" ? err.message : String(error);
  const C = K6_ERROR_CODES;

  if (code === "ENOTFOUND") return { code: C.dnsNoSuchHost, message: "lookup: no such host" };
  if (syscall === "getaddrinfo" || syscall === "queryA" || syscall === "queryAaaa") {
    return { code: C.dns, message: `lookup: ${message}` };
  }
  if (code === "ECONNRESET")
    return { code: C.tcpResetByPeer, message: `${syscall || "read"}: connection reset by peer` };
  if (code === "EPIPE") return { code: C.tcpBrokenPipe, message: `${syscall || "write"}: broken pipe` };
  if (syscall === "connect") {
    if (code === "ECONNREFUSED") return { code: C.tcpDialRefused, message: "dial: connection refused" };
    if (code === "ETIMEDOUT") return { code: C.tcpDialTimeout, message: "dial: i/o timeout" };
    const errno = typeof err.errno === "number" ? Math.abs(err.errno) : 0;
    if (errno !== 0) {
      return {
        code: C.tcpDialUnknownErrno,
        message: `dial: unknown errno ${errno} error with msg \`${STRERROR[code] ?? code}\``,
      };
    }
    return { code: C.tcpDial, message: `dial: ${message}` };
  }
  if (code === "UND_ERR_CONNECT_TIMEOUT") return { code: C.tcpDialTimeout, message: "dial: i/o timeout" };
  if (UNKNOWN_AUTHORITY.has(code))
    return { code: C.x509UnknownAuthority, message: "x509: unknown authority" };
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    return { code: C.x509Hostname, message: "x509: certificate doesn't match hostname" };
  }
  if (NOT_TLS.has(code)) {
    return { code: C.tlsHeader, message: "tls: first record does not look like a TLS handshake" };
  }
  if (code === "CERT_HAS_EXPIRED" || code === "CERT_NOT_YET_VALID") {
    return { code: C.tls, message: "x509: certificate has expired or is not yet valid" };
  }
  if (code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_") || code.startsWith("CERT_")) {
    return { code: C.tls, message: `tls: ${message}` };
  }
  if (code === "UND_ERR_SOCKET" || code === "UND_ERR_RES_CONTENT_LENGTH_MISMATCH") {
    return { code: C.generic, message: responseStarted ? "unexpected EOF" : "EOF" };
  }
  if (code === "UND_ERR_HEADERS_OVERFLOW") {
    return { code: C.generic, message: "net/http: server response headers exceeded the maximum header size" };
  }
  if (code.startsWith("HPE_") || code === "UND_ERR_PARSE") {
    return { code: C.generic, message: `net/http: malformed HTTP response (${message})` };
  }
  if (typeof err.errno === "number" && syscall !== "") {
    return { code: C.tcp, message: `${syscall}: ${message}` };
  }
  return { code: C.generic, message };
}
