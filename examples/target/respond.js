/**
 * Response helpers shared by every route: one place sets Content-Length (so keep-alive
 * connections stay reusable for the load generators) and turns bad input into a 4xx.
 */

/** An error a route throws to answer with a given status and a JSON `{error}` body. */
export class HttpError extends Error {
  /**
   * @param {number} status HTTP status to answer with.
   * @param {string} message Said to the client as `{error: message}`.
   */
  constructor(status, message) {
    super(message);
    this.name = "HttpError";
    this.status = status;
  }
}

/**
 * Sends a complete response with an explicit Content-Length.
 * @param {import("node:http").ServerResponse} res
 * @param {number} status
 * @param {string | Buffer} body
 * @param {string} contentType
 * @param {import("node:http").OutgoingHttpHeaders} [headers]
 */
export function send(res, status, body, contentType, headers = {}) {
  res.writeHead(status, {
    "content-type": contentType,
    "content-length": Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/**
 * @param {import("node:http").ServerResponse} res
 * @param {number} status
 * @param {string} text
 * @param {import("node:http").OutgoingHttpHeaders} [headers]
 */
export function sendText(res, status, text, headers) {
  send(res, status, text, "text/plain; charset=utf-8", headers);
}

/**
 * @param {import("node:http").ServerResponse} res
 * @param {number} status
 * @param {unknown} value Serialised with JSON.stringify.
 * @param {import("node:http").OutgoingHttpHeaders} [headers]
 */
export function sendJson(res, status, value, headers) {
  send(res, status, JSON.stringify(value), "application/json", headers);
}

/** Bodies above this are refused, so a runaway script cannot exhaust the target's memory. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads the whole request body.
 * @param {import("node:http").IncomingMessage} req
 * @returns {Promise<Buffer>}
 */
export async function readBody(req) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body is over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads and parses a JSON object body.
 * @param {import("node:http").IncomingMessage} req
 * @returns {Promise<Record<string, unknown>>}
 */
export async function readJsonObject(req) {
  const text = (await readBody(req)).toString("utf8");
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `request body is not valid JSON: ${/** @type {Error} */ (error).message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new HttpError(400, "request body must be a JSON object");
  }
  return value;
}
