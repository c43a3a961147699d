import { Agent, type Dispatcher, request } from "undici";
import { AgentApiError, ProtocolError } from "./errors.js";

/** The trust anchor and, once the agent has one, its client certificate and key (PEM, in memory only). */
export interface TlsMaterial {
  /** The platform CA: the only issuer the API's server certificate is accepted from. */
  ca: string;
  cert?: string;
  key?: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_REASON_LENGTH = 500;

/**
 * HTTPS with JSON to one API origin over undici, verifying the server against the platform CA
 * only (not the system store) and presenting the client certificate when there is one.
 */
export class HttpsClient {
  readonly #dispatcher: Agent;
  readonly #base: URL;

  constructor(apiUrl: string, tls: TlsMaterial) {
    this.#base = parseApiUrl(apiUrl);
    this.#dispatcher = new Agent({ connect: { ca: tls.ca, cert: tls.cert, key: tls.key } });
  }

  /**
   * Sends `body` as JSON (a string is taken as JSON already serialized; `undefined` sends no body)
   * and returns the parsed JSON answer; throws {@link AgentApiError} on a non-2xx status.
   */
  async json(
    method: "GET" | "POST",
    path: string,
    options: { body?: unknown; signal?: AbortSignal; timeoutMs?: number } = {},
  ): Promise<unknown> {
    const route = `${method} ${path}`;
    const response = await this.#send(method, path, options, route);
    const text = await response.body.text();
    try {
      return text === "" ? undefined : JSON.parse(text);
    } catch (error) {
      throw new ProtocolError(`${route}: the answer is not JSON: ${text.slice(0, 100)}`, { cause: error });
    }
  }

  /** GETs `path` and returns the answer's bytes. */
  async bytes(path: string, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<Buffer> {
    const route = `GET ${path}`;
    const response = await this.#send("GET", path, options, route);
    return Buffer.from(await response.body.arrayBuffer());
  }

  async #send(
    method: "GET" | "POST",
    path: string,
    options: { body?: unknown; signal?: AbortSignal; timeoutMs?: number },
    route: string,
  ): Promise<Dispatcher.ResponseData> {
    const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const body =
      options.body === undefined
        ? undefined
        : typeof options.body === "string"
          ? options.body
          : JSON.stringify(options.body);
    const response = await request(new URL(path.replace(/^\//, ""), this.#base), {
      method,
      dispatcher: this.#dispatcher,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body,
      signal: options.signal,
      headersTimeout: timeout,
      bodyTimeout: timeout,
    });
    if (response.statusCode >= 200 && response.statusCode < 300) return response;
    throw new AgentApiError(route, response.statusCode, await readReason(response));
  }

  /** Closes the connections; requests in flight are aborted. */
  async close(): Promise<void> {
    await this.#dispatcher.destroy();
  }
}

function parseApiUrl(apiUrl: string): URL {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch (error) {
    throw new TypeError(
      `the API URL ${JSON.stringify(apiUrl)} is not a URL; give e.g. https://10.0.0.5:8443`,
      {
        cause: error,
      },
    );
  }
  if (url.protocol !== "https:")
    throw new TypeError(`the API URL must be https:// (agents only speak mutual TLS), got ${url.protocol}//`);
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url;
}

/** What the server said about a refusal: its JSON `error` or `message`, else its text. */
async function readReason(response: Dispatcher.ResponseData): Promise<string> {
  const text = (await response.body.text().catch(() => "")).slice(0, MAX_REASON_LENGTH);
  try {
    const parsed = JSON.parse(text) as { error?: unknown; message?: unknown };
    const reason = parsed.error ?? parsed.message;
    if (typeof reason === "string") return reason;
  } catch {
    // not JSON: the text itself is the reason
  }
  return text || "(no reason given)";
}
