/**
 * A minimal method + path router: exact paths are one Map lookup (the hot path under load),
 * paths with `:name` segments are matched segment by segment.
 */
import { HttpError, sendJson } from "./respond.js";

/**
 * @typedef {object} RouteContext
 * @property {import("node:http").IncomingMessage} req
 * @property {import("node:http").ServerResponse} res
 * @property {Record<string, string>} params Values of the route's `:name` segments.
 * @property {URLSearchParams} query
 */

/**
 * @typedef {object} Route
 * @property {string} method
 * @property {string} path Literal segments and `:name` placeholders, e.g. `/api/items/:id`.
 * @property {(ctx: RouteContext) => void | Promise<void>} handle
 */

/**
 * @typedef {object} PatternRoute
 * @property {string[]} segments
 * @property {Map<string, Route["handle"]>} byMethod
 */

/**
 * Builds the request listener for a set of routes. Unknown paths get 404, known paths with
 * another method 405 with `Allow` (HEAD is served by the GET route), thrown {@link HttpError}s their status, anything else 500.
 * @param {Route[]} routes
 * @returns {(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void}
 */
export function createRouter(routes) {
  /** @type {Map<string, Map<string, Route["handle"]>>} */
  const exact = new Map();
  /** @type {PatternRoute[]} */
  const patterns = [];
  for (const route of routes) {
    let byMethod;
    if (route.path.includes("/:")) {
      const segments = route.path.split("/");
      byMethod = patterns.find((p) => p.segments.join("/") === route.path)?.byMethod;
      if (!byMethod) {
        byMethod = new Map();
        patterns.push({ segments, byMethod });
      }
    } else {
      byMethod = exact.get(route.path) ?? new Map();
      exact.set(route.path, byMethod);
    }
    if (byMethod.has(route.method)) throw new Error(`route ${route.method} ${route.path} is declared twice`);
    byMethod.set(route.method, route.handle);
  }

  /**
   * @param {string} path
   * @returns {{ byMethod: Map<string, Route["handle"]>, params: Record<string, string> } | undefined}
   */
  function match(path) {
    const byMethod = exact.get(path);
    if (byMethod) return { byMethod, params: {} };
    const parts = path.split("/");
    for (const pattern of patterns) {
      const params = matchSegments(pattern.segments, parts);
      if (params) return { byMethod: pattern.byMethod, params };
    }
    return undefined;
  }

  /**
   * @param {import("node:http").IncomingMessage} req
   * @param {import("node:http").ServerResponse} res
   */
  async function dispatch(req, res) {
    const url = req.url ?? "/";
    const queryStart = url.indexOf("?");
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    const query = new URLSearchParams(queryStart === -1 ? "" : url.slice(queryStart + 1));
    const found = match(path);
    if (!found) throw new HttpError(404, `no route for ${path}`);
    const method = req.method ?? "GET";
    // HEAD is GET without the body, which node:http drops by itself.
    const handle = found.byMethod.get(method) ?? (method === "HEAD" ? found.byMethod.get("GET") : undefined);
    if (!handle) {
      const allow = [...found.byMethod.keys()].join(", ");
      sendJson(res, 405, { error: `${req.method} not allowed on ${path}; use ${allow}` }, { allow });
      return;
    }
    await handle({ req, res, params: found.params, query });
  }

  return (req, res) => {
    dispatch(req, res).catch((error) => answerError(res, error, `${req.method} ${req.url}`));
  };
}

/**
 * @param {string[]} segments
 * @param {string[]} parts
 * @returns {Record<string, string> | undefined}
 */
function matchSegments(segments, parts) {
  if (segments.length !== parts.length) return undefined;
  /** @type {Record<string, string>} */
  const params = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = /** @type {string} */ (segments[i]);
    const part = /** @type {string} */ (parts[i]);
    if (segment.startsWith(":")) {
      if (part === "") return undefined;
      params[segment.slice(1)] = decodeSegment(part);
    } else if (segment !== part) {
      return undefined;
    }
  }
  return params;
}

/** @param {string} part */
function decodeSegment(part) {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new HttpError(400, `path segment ${part} is not valid percent-encoding`);
  }
}

/**
 * @param {import("node:http").ServerResponse} res
 * @param {unknown} error
 * @param {string} where
 */
function answerError(res, error, where) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof HttpError) {
    sendJson(res, error.status, { error: error.message });
    return;
  }
  console.error(`target: ${where} failed:`, error);
  sendJson(res, 500, { error: `internal error: ${error instanceof Error ? error.message : String(error)}` });
}
