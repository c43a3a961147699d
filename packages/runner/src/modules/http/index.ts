import {
  type HostOverrides,
  type HttpRequest,
  parseHosts,
  type ResponseType,
  VuHttpClient,
} from "../../http/index.js";
import { tagsKey } from "../../metrics/tags.js";
import { parseDuration } from "../../options/index.js";
import { IterationInterrupted } from "../../vu/interrupt.js";
import type { VirtualUser } from "../../vu/virtual-user.js";
import { stringTags } from "../k6.js";
import { encodeBody, file } from "./body.js";
import { DEFAULT_EXPECTED, expectedStatuses, type ResponseCallback } from "./expected-statuses.js";
import { type RequestInfo, Response } from "./response.js";
import { hopSeriesCache, recordHop } from "./samples.js";
import { isTemplatedUrl, templatedUrl } from "./url.js";

/** k6's request params (the last argument of every `http.*` call). */
interface Params {
  headers?: Record<string, string | string[]>;
  tags?: Record<string, unknown>;
  timeout?: string | number;
  redirects?: number;
  responseType?: ResponseType;
  cookies?: Record<string, string | { value: string; replace?: boolean }>;
  jar?: unknown;
  responseCallback?: ResponseCallback | null;
}

const PARAM_KEYS = new Set([
  "headers",
  "tags",
  "timeout",
  "redirects",
  "responseType",
  "cookies",
  "jar",
  "responseCallback",
  "auth",
  "compression",
]);
const RESPONSE_TYPES = new Set(["text", "binary", "none"]);
const DEFAULT_TIMEOUT_MS = 60_000;

/** The test's `hosts` option parsed once for all its VUs, keyed by the options' own object. */
const parsedHosts = new WeakMap<object, HostOverrides>();
const NO_HOSTS: HostOverrides = new Map();
function hostOverridesOf(hosts: Readonly<Record<string, string>> | undefined): HostOverrides {
  if (!hosts) return NO_HOSTS;
  let parsed = parsedHosts.get(hosts);
  if (!parsed) {
    parsed = parseHosts(hosts);
    parsedHosts.set(hosts, parsed);
  }
  return parsed;
}

/** The `k6/http` module of one VU: its own connections and cookie jar. */
export function createHttpModule(vu: VirtualUser) {
  const ctx = vu.ctx;
  let client: VuHttpClient | undefined;
  let responseCallback: ResponseCallback | null = DEFAULT_EXPECTED;
  const seriesCache = hopSeriesCache();
  const getClient = (): VuHttpClient => {
    client ??= new VuHttpClient({
      userAgent: ctx.options.userAgent,
      noConnectionReuse: ctx.options.noConnectionReuse,
      hosts: hostOverridesOf(ctx.options.hosts),
    });
    return client;
  };
  vu.onIterationEnd(() => {
    if (client && !ctx.options.noCookiesReset) client.resetCookies();
  });
  vu.onClose(() => client?.close());

  async function request(
    method: string,
    target: unknown,
    body: unknown,
    params: Params | undefined,
  ): Promise<Response> {
    if (vu.inInit)
      throw new Error(
        `http.${method.toLowerCase()}(): making HTTP requests in the init context is not supported; move it into a function (default, setup, ...)`,
      );
    if (vu.signal.aborted) throw new IterationInterrupted();
    const p = checkParams(method, params);
    const url = isTemplatedUrl(target) ? target.url : String(target);
    const name = isTemplatedUrl(target) ? target.name : url;
    if (!/^https?:\/\//i.test(url))
      throw new TypeError(
        `http.${method.toLowerCase()}("${url}"): the URL must start with http:// or https://`,
      );
    const encoded = encodeBody(body);
    const headers: Record<string, string | string[]> = { ...p.headers };
    if (encoded.contentType && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type"))
      headers["Content-Type"] = encoded.contentType;
    const req: HttpRequest = {
      method,
      url,
      headers,
      body: encoded.body,
      timeoutMs: p.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseDuration(p.timeout, "params.timeout"),
      maxRedirects: p.redirects ?? ctx.options.maxRedirects,
      responseType: p.responseType ?? (ctx.options.discardResponseBodies ? "none" : "text"),
      insecureSkipTLSVerify: ctx.options.insecureSkipTLSVerify,
      signal: vu.signal,
    };
    if (p.cookies) req.cookies = p.cookies;
    if (p.jar === null || p.jar === false) req.jar = false;
    const result = await getClient().request(req);
    if (vu.signal.aborted) throw new IterationInterrupted();
    const callback = p.responseCallback === undefined ? responseCallback : p.responseCallback;
    const extraTags = p.tags ? stringTags(p.tags) : undefined;
    const extraKey = extraTags ? tagsKey(extraTags) : "";
    const tagName = extraTags?.name ?? name;
    for (const hop of result.hops)
      recordHop(
        vu,
        seriesCache,
        hop,
        hop === result.hops[0] ? tagName : hop.url,
        callback ? callback.expected(hop.status) : true,
        extraKey,
        extraTags,
      );
    if (result.error && ctx.options.throw) throw new Error(`${method} ${url}: ${result.error}`);
    if (result.error)
      ctx.errors.error(
        `http ${result.errorCode}`,
        `request failed: ${method} ${url}: ${result.error} (error_code ${result.errorCode})`,
      );
    return new Response(result, () => requestInfo(req, encoded.body));
  }

  const withBody = (method: string) => (url: unknown, body?: unknown, params?: Params) =>
    request(method, url, body, params);
  const withoutBody = (method: string) => (url: unknown, params?: Params) =>
    request(method, url, null, params);

  return {
    get: withoutBody("GET"),
    head: withoutBody("HEAD"),
    post: withBody("POST"),
    put: withBody("PUT"),
    patch: withBody("PATCH"),
    del: withBody("DELETE"),
    options: withBody("OPTIONS"),
    request: (method: string, url: unknown, body?: unknown, params?: Params) =>
      request(String(method).toUpperCase(), url, body, params),
    asyncRequest: (method: string, url: unknown, body?: unknown, params?: Params) =>
      request(String(method).toUpperCase(), url, body, params),
    /** Sends several requests in parallel, at most `options.batch` at once; resolves to their responses in the same shape (array or object). */
    batch(requests: unknown): Promise<Response[] | Record<string, Response>> {
      const entries: [string, unknown][] = Array.isArray(requests)
        ? requests.map((r, i) => [String(i), r])
        : Object.entries(requests as object);
      const limit = Math.max(1, ctx.options.batch);
      const results = new Map<string, Response>();
      let next = 0;
      const worker = async () => {
        while (next < entries.length) {
          const [key, spec] = entries[next++] as [string, unknown];
          results.set(key, await batchItem(spec, key));
        }
      };
      return Promise.all(Array.from({ length: Math.min(limit, entries.length) }, worker)).then(() =>
        Array.isArray(requests)
          ? entries.map(([k]) => results.get(k) as Response)
          : Object.fromEntries(entries.map(([k]) => [k, results.get(k) as Response])),
      );
    },
    cookieJar: () => getClient().jar,
    expectedStatuses,
    setResponseCallback(callback: ResponseCallback | null): void {
      responseCallback = callback;
    },
    url: templatedUrl,
    file,
  };

  function batchItem(spec: unknown, key: string): Promise<Response> {
    if (typeof spec === "string" || isTemplatedUrl(spec)) return request("GET", spec, null, undefined);
    if (Array.isArray(spec)) {
      const [method, url, body, params] = spec as [string, unknown, unknown, Params | undefined];
      return request(String(method).toUpperCase(), url, body, params);
    }
    if (spec && typeof spec === "object") {
      const {
        method = "GET",
        url,
        body,
        params,
      } = spec as { method?: string; url: unknown; body?: unknown; params?: Params };
      return request(String(method).toUpperCase(), url, body, params);
    }
    throw new TypeError(
      `http.batch(): request ${key} must be a URL, [method, url, body, params] or {method, url, body, params}`,
    );
  }
}

function checkParams(method: string, params: Params | undefined): Params {
  if (params === undefined || params === null) return {};
  if (typeof params !== "object")
    throw new TypeError(`http.${method.toLowerCase()}(): params must be an object`);
  for (const key of Object.keys(params)) {
    if (!PARAM_KEYS.has(key))
      throw new TypeError(
        `http.${method.toLowerCase()}(): unknown param "${key}"; use ${[...PARAM_KEYS].join(", ")}`,
      );
  }
  if (params.responseType !== undefined && !RESPONSE_TYPES.has(params.responseType)) {
    throw new TypeError(`params.responseType: "${params.responseType}" is not one of text, binary, none`);
  }
  return params;
}

function requestInfo(req: HttpRequest, body: string | Uint8Array | null): RequestInfo {
  const headers: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k] = Array.isArray(v) ? v : [v];
  return {
    method: req.method,
    url: req.url,
    headers,
    body: typeof body === "string" ? body : body ? Buffer.from(body).toString() : "",
    cookies: {},
  };
}
