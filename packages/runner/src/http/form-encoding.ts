import { randomBytes } from "node:crypto";

/** A form value; an array repeats the field once per element. */
export type FormValue = string | number | boolean | readonly (string | number | boolean)[];

/**
 * `application/x-www-form-urlencoded` as k6 sends an object body (Go's `url.Values.Encode`):
 * fields sorted by name, names and values escaped like Go's `QueryEscape` (space as "+").
 *
 * @example encodeFormUrlEncoded({ b: "x y", a: ["1", "2"] }) // → "a=1&a=2&b=x+y"
 */
export function encodeFormUrlEncoded(fields: Readonly<Record<string, FormValue>>): string {
  const pairs: string[] = [];
  for (const name of Object.keys(fields).sort()) {
    const value = fields[name] as FormValue;
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) pairs.push(`${queryEscape(name)}=${queryEscape(String(item))}`);
  }
  return pairs.join("&");
}

const UNRESERVED = new Uint8Array(256);
for (const ch of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")
  UNRESERVED[ch.charCodeAt(0)] = 1;

// Go's QueryEscape: A-Z a-z 0-9 - _ . ~ stay, space becomes "+", every other UTF-8 byte is %XX.
function queryEscape(text: string): string {
  let escaped = "";
  for (const byte of Buffer.from(text, "utf8")) {
    if (UNRESERVED[byte] === 1) escaped += String.fromCharCode(byte);
    else if (byte === 0x20) escaped += "+";
    else escaped += `%${byte < 16 ? "0" : ""}${byte.toString(16).toUpperCase()}`;
  }
  return escaped;
}

/** A file part of a multipart form (k6 `http.file(data, filename, contentType)`). */
export interface MultipartFile {
  data: string | Uint8Array;
  /** Default "file". */
  filename?: string;
  /** Default "application/octet-stream". */
  contentType?: string;
}

/** An encoded multipart body and the Content-Type header that names its boundary. */
export interface MultipartBody {
  body: Uint8Array;
  contentType: string;
}

/**
 * `multipart/form-data` as k6 sends an object body holding files (Go's `mime/multipart` layout):
 * plain values become fields, `MultipartFile`s become file parts. The boundary is random unless given.
 *
 * @example encodeMultipart({ name: "a", upload: { data: "bytes", filename: "a.txt", contentType: "text/plain" } })
 */
export function encodeMultipart(
  fields: Readonly<Record<string, string | number | boolean | MultipartFile>>,
  boundary: string = randomBytes(30).toString("hex"),
): MultipartBody {
  const parts: Buffer[] = [];
  let separator = `--${boundary}\r\n`;
  for (const name of Object.keys(fields)) {
    const value = fields[name] as string | number | boolean | MultipartFile;
    let headers: string;
    let content: Buffer;
    if (typeof value === "object") {
      const filename = escapeQuotes(value.filename ?? "file");
      headers =
        `Content-Disposition: form-data; name="${escapeQuotes(name)}"; filename="${filename}"\r\n` +
        `Content-Type: ${value.contentType ?? "application/octet-stream"}\r\n`;
      content = typeof value.data === "string" ? Buffer.from(value.data, "utf8") : Buffer.from(value.data);
    } else {
      headers = `Content-Disposition: form-data; name="${escapeQuotes(name)}"\r\n`;
      content = Buffer.from(String(value), "utf8");
    }
    parts.push(Buffer.from(`${separator}${headers}\r\n`, "utf8"), content);
    separator = `\r\n--${boundary}\r\n`;
  }
  parts.push(Buffer.from(parts.length === 0 ? `--${boundary}--\r\n` : `\r\n--${boundary}--\r\n`, "utf8"));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

// Go's mime/multipart escapes backslashes and double quotes in names and filenames.
function escapeQuotes(text: string): string {
  return text.replace(/["\\]/g, (ch) => `\\${ch}`);
}
