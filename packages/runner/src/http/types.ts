import type { VuCookieJar } from "./cookie-jar.js";

/** How the response body is handed back: decoded text, raw bytes, or not kept at all (bytes still counted). */
export type ResponseType = "text" | "binary" | "none";

/**
 * A cookie sent with one request only (k6 `params.cookies`). A plain string is the value; with
 * `replace: true` it replaces a jar cookie of the same name instead of being sent beside it.
 */
export type RequestCookie = string | { value: string; replace?: boolean };

/** One HTTP request as the `k6/http` module hands it to the transport. */
export interface HttpRequest {
  /** Any HTTP token: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ... */
  method: string;
  /** Absolute `http:` or `https:` URL. */
  url: string;
  /** Request headers; an array value sends the header once per element. */
  headers?: Record<string, string | string[]>;
  /** Already encoded body (see `encodeFormUrlEncoded` / `encodeMultipart` for forms). */
  body?: string | Uint8Array | null;
  /** Deadline for the whole request including redirects, in ms (k6 default 60 000). */
  timeoutMs: number;
  /** Redirects (301, 302, 303, 307, 308) followed before the redirect response itself is returned. */
  maxRedirects: number;
  responseType: ResponseType;
  /** Accept any server certificate (k6 `insecureSkipTLSVerify`). */
  insecureSkipTLSVerify: boolean;
  /** Aborting it fails the request at once with "context canceled", as k6 does when a scenario stops. */
  signal?: AbortSignal;
  /** Cookies for this request only, added to those of the jar. */
  cookies?: Record<string, RequestCookie>;
  /** `false`: neither send nor store cookies; a jar: use it instead of the VU's own. */
  jar?: false | VuCookieJar;
}

/** k6's per-request timings in milliseconds; `duration = sending + waiting + receiving`. */
export interface HttpTimings {
  /** From the start of the request until a connection was ready (includes DNS, connecting and TLS). */
  blocked: number;
  /** TCP connect, 0 on a reused connection. */
  connecting: number;
  /** TLS handshake, 0 on a reused connection or plain HTTP. */
  tls_handshaking: number;
  /** Writing the request. */
  sending: number;
  /** From the request written to the first response byte. */
  waiting: number;
  /** From the first response byte to the last. */
  receiving: number;
  duration: number;
}

/** The wire protocol of a response; "" when no response was received. */
export type HttpProto = "HTTP/1.1" | "";

/**
 * One request/response exchange. A redirect chain has one hop per request sent; k6 emits one
 * set of `http_req_*` samples per hop.
 */
export interface HttpHop {
  method: string;
  url: string;
  /** 0 on a transport error. */
  status: number;
  /** Go's `Status`: the code and reason phrase, e.g. "200 OK". */
  statusText: string;
  proto: HttpProto;
  remoteIp: string;
  remotePort: number;
  /** "tls1.2", "tls1.3", ... as k6 names them; "" for plain HTTP. */
  tlsVersion: string;
  /** IANA name of the negotiated cipher suite (e.g. "TLS_AES_256_GCM_SHA384"); "" for plain HTTP. */
  tlsCipherSuite: string;
  timings: HttpTimings;
  /** "" when the exchange succeeded; otherwise k6's message for the error. */
  error: string;
  /** 0 when fine; otherwise k6's error code (see `K6_ERROR_CODES`). */
  errorCode: number;
  /** Bytes written for this exchange: request line, headers and body (TLS record overhead excluded). */
  bytesSent: number;
  /** Bytes read for this exchange: status line, headers and body as sent (TLS record overhead excluded). */
  bytesReceived: number;
}

/** A response cookie in the shape of k6's `res.cookies[name][i]`. */
export interface ResponseCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  httpOnly: boolean;
  secure: boolean;
  /** Go's convention: 0 when absent, -1 for `Max-Age` of 0 or less, otherwise seconds. */
  maxAge: number;
  /** Milliseconds since the epoch; 0 when the cookie has no `Expires`. */
  expires: number;
}

/**
 * The outcome of `VuHttpClient.request`: the fields of the last hop, plus what only the final
 * response has. The byte counts here are totals over all hops.
 */
export interface HttpResult extends HttpHop {
  /** Header names in Go's canonical form ("Content-Type"); repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** A string for "text", an ArrayBuffer for "binary", null for "none" or on errors. */
  body: string | ArrayBuffer | null;
  /** Cookies set by the final response, by name. */
  cookies: Record<string, ResponseCookie[]>;
  /** Every exchange made, in order; the last one is the final response. */
  hops: HttpHop[];
}
