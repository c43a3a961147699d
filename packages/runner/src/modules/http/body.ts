import { randomBytes } from "node:crypto";

/** What `http.file(data, filename, contentType)` returns: one part of a multipart body. */
export interface FileData {
  readonly __barrageFile: true;
  readonly data: string | Uint8Array;
  readonly filename: string;
  readonly content_type: string;
}

/** k6's `http.file()`. */
export function file(data: unknown, filename?: string, contentType?: string): FileData {
  const bytes = typeof data === "string" ? data : toBytes(data);
  if (bytes === undefined)
    throw new TypeError("http.file(data): data must be a string, an ArrayBuffer or a typed array");
  return {
    __barrageFile: true,
    data: bytes,
    filename: filename ?? `file-${Date.now()}`,
    content_type: contentType ?? "application/octet-stream",
  };
}

function isFile(value: unknown): value is FileData {
  return typeof value === "object" && value !== null && (value as FileData).__barrageFile === true;
}

function toBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return undefined;
}

/** An encoded request body and the content type it implies (when the script set none). */
export interface EncodedBody {
  body: string | Uint8Array | null;
  contentType: string | undefined;
}

/**
 * Encodes a body as k6 does: strings and bytes as they are; a plain object as
 * `application/x-www-form-urlencoded`, or `multipart/form-data` when one of its values is an
 * `http.file()`.
 */
export function encodeBody(body: unknown): EncodedBody {
  if (body === undefined || body === null) return { body: null, contentType: undefined };
  if (typeof body === "string") return { body, contentType: undefined };
  const bytes = toBytes(body);
  if (bytes) return { body: bytes, contentType: undefined };
  if (typeof body === "object") {
    const entries = Object.entries(body as Record<string, unknown>);
    if (entries.some(([, v]) => isFile(v))) return multipart(entries);
    const form = new URLSearchParams();
    for (const [k, v] of entries) form.append(k, String(v));
    return { body: form.toString(), contentType: "application/x-www-form-urlencoded" };
  }
  return { body: String(body), contentType: undefined };
}

function multipart(entries: [string, unknown][]): EncodedBody {
  const boundary = `barrage${randomBytes(12).toString("hex")}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of entries) {
    if (isFile(value)) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.filename}"\r\nContent-Type: ${value.content_type}\r\n\r\n`,
        ),
        Buffer.from(value.data),
        Buffer.from("\r\n"),
      );
    } else {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${String(value)}\r\n`,
        ),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    body: new Uint8Array(Buffer.concat(chunks)),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}
