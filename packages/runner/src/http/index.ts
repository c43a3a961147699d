/**
 * The per-VU HTTP transport of the load engine: keep-alive connections and a cookie jar per
 * virtual user, k6's timings, error codes, redirects and cookie rules.
 */
export { ConcurrencyLimiter } from "./concurrency-limiter.js";
export type { TlsSettings } from "./connector.js";
export { type CookieSetOptions, VuCookieJar } from "./cookie-jar.js";
export { K6_ERROR_CODES, type K6Error } from "./error-codes.js";
export {
  encodeFormUrlEncoded,
  encodeMultipart,
  type FormValue,
  type MultipartBody,
  type MultipartFile,
} from "./form-encoding.js";
export { type HostOverride, type HostOverrides, parseHosts } from "./hosts.js";
export type {
  HttpHop,
  HttpProto,
  HttpRequest,
  HttpResult,
  HttpTimings,
  RequestCookie,
  ResponseCookie,
  ResponseType,
} from "./types.js";
export { VuHttpClient, type VuHttpClientOptions } from "./vu-http-client.js";
