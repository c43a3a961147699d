/**
 * httpbin-like basics that k6 scripts commonly exercise: text, any status, redirects,
 * cookies, payloads of a chosen size and an echo of what was sent.
 */
import { numberParam } from "./params.js";
import { HttpError, readBody, send, sendJson, sendText } from "./respond.js";

/** Largest `/bytes` payload: enough to test data_received, small enough to never hurt the host. */
const MAX_BYTES = 16 * 1024 * 1024;

/** One growing buffer that every `/bytes` answer is a view of, so serving it allocates nothing. */
let payload = Buffer.alloc(0);

/** @param {number} n */
function payloadOf(n) {
  if (payload.length < n) payload = Buffer.alloc(Math.max(n, 2 * payload.length), "x");
  return payload.subarray(0, n);
}

/**
 * Cookie values set by `/cookies/set` are percent-encoded; others are shown as they came.
 * @param {string} value
 */
function decodeCookieValue(value) {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** @param {string} header */
function parseCookies(header) {
  /** @type {Record<string, string>} */
  const cookies = {};
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq <= 0) continue;
    cookies[pair.slice(0, eq).trim()] = decodeCookieValue(pair.slice(eq + 1).trim());
  }
  return cookies;
}

/**
 * The basic routes; they keep no state.
 * @returns {import("./router.js").Route[]}
 */
export function basicRoutes() {
  return [
    { method: "GET", path: "/", handle: ({ res }) => sendText(res, 200, "barrage example target\n") },
    {
      method: "GET",
      path: "/status/:code",
      handle: ({ res, params }) => {
        const code = Number(params.code);
        if (!Number.isInteger(code) || code < 200 || code > 599) {
          throw new HttpError(400, `status ${params.code} must be an integer from 200 to 599`);
        }
        // 204 and 304 must not carry a body.
        if (code === 204 || code === 304) {
          res.writeHead(code);
          res.end();
          return;
        }
        sendText(res, code, `status ${code}\n`);
      },
    },
    {
      method: "GET",
      path: "/redirect",
      handle: ({ res, query }) => {
        const to = query.get("to") ?? "/";
        // Only same-origin paths: the target must never send a load generator elsewhere.
        if (!to.startsWith("/") || to.startsWith("//")) {
          throw new HttpError(400, `redirect target ${to} must be a path starting with a single /`);
        }
        const n = numberParam(query, "n", { default: 1, min: 1, max: 50, integer: true });
        const location = n === 1 ? to : `/redirect?${new URLSearchParams({ to, n: String(n - 1) })}`;
        sendText(res, 302, `redirecting to ${location}\n`, { location });
      },
    },
    {
      method: "GET",
      path: "/cookies/set",
      handle: ({ res, query }) => {
        const cookies = [...query].map(([name, value]) => `${name}=${encodeURIComponent(value)}; Path=/`);
        // Like httpbin: set, then send the client to the echo so one request shows the jar's effect.
        sendText(res, 302, "cookies set\n", { "set-cookie": cookies, location: "/cookies" });
      },
    },
    {
      method: "GET",
      path: "/cookies",
      handle: ({ req, res }) => sendJson(res, 200, { cookies: parseCookies(req.headers.cookie ?? "") }),
    },
    {
      method: "GET",
      path: "/bytes",
      handle: ({ res, query }) => {
        const n = numberParam(query, "n", { default: 1024, min: 0, max: MAX_BYTES, integer: true });
        send(res, 200, payloadOf(n), "application/octet-stream");
      },
    },
    {
      method: "POST",
      path: "/echo",
      handle: async ({ req, res, query }) => {
        const body = await readBody(req);
        sendJson(res, 200, {
          method: req.method,
          query: Object.fromEntries(query),
          headers: req.headers,
          body: body.toString("utf8"),
        });
      },
    },
  ];
}
