import zlib from "node:zlib";
import { K6_ERROR_CODES, type K6Error } from "./error-codes.js";
import type { ResponseType } from "./types.js";

type Decoder = (data: Buffer) => Buffer;

// zstd arrived in node:zlib with Node 22.15; on older Node a zstd body is reported, not garbled.
const zstdDecompressSync = (zlib as unknown as { zstdDecompressSync?: Decoder }).zstdDecompressSync;

// The encodings k6 decodes transparently; "deflate" is the zlib format, as Go's zlib.NewReader reads it.
const DECODERS: Record<string, Decoder> = {
  gzip: (data) => zlib.gunzipSync(data),
  deflate: (data) => zlib.inflateSync(data),
  br: (data) => zlib.brotliDecompressSync(data),
  zstd:
    zstdDecompressSync ??
    (() => {
      throw new Error("zstd needs Node.js 22.15 or later");
    }),
};

/** A decoded body, or the k6 decompression error (code 1701). */
export type DecodedBody = { body: string | ArrayBuffer | null; error: null } | { body: null; error: K6Error };

/**
 * Turns the received chunks into k6's `res.body`: decoded from every Content-Encoding k6 knows
 * (gzip, deflate, br, zstd; applied in reverse order, unknown ones left alone), then a UTF-8
 * string for "text" or a fresh ArrayBuffer for "binary". "none" gives null without decoding.
 *
 * @example decodeBody([Buffer.from("hi")], undefined, "text") // → { body: "hi", error: null }
 */
export function decodeBody(
  chunks: readonly Buffer[],
  contentEncoding: string | undefined,
  type: ResponseType,
): DecodedBody {
  if (type === "none") return { body: null, error: null };
  let data = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  if (contentEncoding !== undefined && data.length > 0) {
    const encodings = contentEncoding.split(",");
    for (let i = encodings.length - 1; i >= 0; i--) {
      const decoder = DECODERS[(encodings[i] as string).trim().toLowerCase()];
      if (decoder === undefined) continue;
      try {
        data = decoder(data);
      } catch (cause) {
        const reason = cause instanceof Error ? cause.message : String(cause);
        return {
          body: null,
          error: {
            code: K6_ERROR_CODES.responseDecompression,
            message: `error decompressing response body (${reason})`,
          },
        };
      }
    }
  }
  if (type === "text") return { body: data.toString("utf8"), error: null };
  return {
    body: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
    error: null,
  };
}
