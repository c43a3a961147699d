import type { IncomingMessage, ServerResponse } from "node:http";

/** A refusal with its HTTP status; the message is the `error` the agent gets back, so it never holds secrets. */
export class HttpError extends Error {
  override readonly name = "HttpError";
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** What a route answers: a JSON document, or bytes (the archive). */
export type Reply = { status: number; json: unknown } | { status: number; bytes: Buffer };

/**
 * Reads a request body of at most `limitBytes` and parses it as JSON: 413 beyond the limit (told by
 * Content-Length up front, or counted while reading), 400 when empty or not JSON.
 */
export async function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limitBytes) throw tooLarge(limitBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw tooLarge(limitBytes);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") throw new HttpError(400, "the request needs a JSON body");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `the body is not JSON: ${(error as Error).message}`, {}, { cause: error });
  }
}

function tooLarge(limitBytes: number): HttpError {
  return new HttpError(413, `the body is larger than this route's limit of ${limitBytes} bytes`);
}

/** Sends a reply. After a refusal of an unread body the connection is closed, since the rest of the body would follow. */
export function send(res: ServerResponse, reply: Reply, closeConnection = false): void {
  if (res.headersSent) return;
  const headers: Record<string, string> = closeConnection ? { connection: "close" } : {};
  if ("bytes" in reply) {
    res.writeHead(reply.status, { ...headers, "content-type": "application/octet-stream" });
    res.end(reply.bytes);
    return;
  }
  res.writeHead(reply.status, { ...headers, "content-type": "application/json" });
  res.end(JSON.stringify(reply.json));
}
