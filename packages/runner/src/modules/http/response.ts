import type { HttpResult, HttpTimings } from "../../http/index.js";

/** The request as k6 shows it on `res.request`. */
export interface RequestInfo {
  method: string;
  url: string;
  headers: Record<string, string[]>;
  body: string;
  cookies: Record<string, { name: string; value: string; replace: boolean }[]>;
}

/** k6's `Response`: status, headers, body, timings and helpers, for one request (after redirects). */
export class Response {
  readonly status: number;
  readonly status_text: string;
  readonly proto: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string | ArrayBuffer | null;
  readonly cookies: HttpResult["cookies"];
  readonly error: string;
  readonly error_code: number;
  readonly remote_ip: string;
  readonly remote_port: number;
  readonly tls_version: string;
  readonly tls_cipher_suite: string;
  readonly timings: HttpTimings;
  readonly #requestOf: () => RequestInfo;
  #request: RequestInfo | undefined;
  #json: unknown;
  #parsed = false;

  /** `requestOf` describes the request; it is called only if the script reads `res.request`. */
  constructor(result: HttpResult, requestOf: () => RequestInfo) {
    this.status = result.status;
    this.status_text = result.statusText;
    this.proto = result.proto;
    this.url = result.url;
    this.headers = result.headers;
    this.body = result.body;
    this.cookies = result.cookies;
    this.error = result.error;
    this.error_code = result.errorCode;
    this.remote_ip = result.remoteIp;
    this.remote_port = result.remotePort;
    this.tls_version = result.tlsVersion;
    this.tls_cipher_suite = result.tlsCipherSuite;
    this.timings = result.timings;
    this.#requestOf = requestOf;
  }

  /** The request as sent (k6's `res.request`). */
  get request(): RequestInfo {
    this.#request ??= this.#requestOf();
    return this.#request;
  }

  /**
   * The body parsed as JSON; with a selector (k6's gjson-style path, `items.0.name`), the value
   * at that path, or undefined.
   */
  json(selector?: string): unknown {
    if (!this.#parsed) {
      if (typeof this.body !== "string") {
        throw new Error(
          `res.json(): the response has no text body (responseType is not "text", or the request failed: ${this.error || "no body"})`,
        );
      }
      try {
        this.#json = JSON.parse(this.body);
      } catch (error) {
        throw new Error(
          `res.json(): the body of ${this.request.method} ${this.url} is not JSON: ${(error as Error).message}`,
        );
      }
      this.#parsed = true;
    }
    if (selector === undefined || selector === "") return this.#json;
    let value: unknown = this.#json;
    for (const part of selector.split(".")) {
      if (value === null || typeof value !== "object") return undefined;
      value = (value as Record<string, unknown>)[part];
    }
    return value;
  }

  /** k6's `res.html()` needs an HTML parser Barrage does not ship; say so instead of failing obscurely. */
  html(): never {
    throw new Error("res.html() is not supported by Barrage; parse res.body yourself or use res.json()");
  }
}
