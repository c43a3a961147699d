/** The API answered with an error status; `reason` is what its body said. */
export class AgentApiError extends Error {
  override readonly name = "AgentApiError";
  constructor(
    /** `METHOD /path` of the request. */
    readonly route: string,
    readonly status: number,
    readonly reason: string,
  ) {
    super(`${route} answered ${status}: ${reason}`);
  }
}

/** The API answered 2xx with a body that does not follow docs/platform.md. Retrying cannot fix it. */
export class ProtocolError extends Error {
  override readonly name = "ProtocolError";
}

/**
 * Connection failures worth retrying: the API restarting, a network cut, a proxy dropping idle
 * connections. TLS verification failures are not here: a certificate that does not verify now will
 * not verify in a second either, and retrying would hide a configuration error.
 */
const TRANSIENT_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/** Whether a failed request may succeed if sent again: 5xx answers and transient connection errors, never 4xx. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof AgentApiError) return error.status >= 500;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && TRANSIENT_CODES.has(code);
}

/** The message of an error and of its causes, for one log line. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && parts.length < 5) {
    const message = current instanceof Error ? current.message : String(current);
    const code = (current as { code?: unknown }).code;
    parts.push(typeof code === "string" && !message.includes(code) ? `${message} (${code})` : message);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(": ");
}
