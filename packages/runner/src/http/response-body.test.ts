import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeBody } from "./response-body.js";

describe("decodeBody", () => {
  it("joins chunks into UTF-8 text", () => {
    expect(decodeBody([Buffer.from("Zo"), Buffer.from("ë")], undefined, "text")).toEqual({
      body: "Zoë",
      error: null,
    });
  });

  it("undoes stacked encodings in reverse order and leaves unknown ones alone", () => {
    const twice = brotliCompressSync(gzipSync("layered"));
    expect(decodeBody([twice], "gzip, br", "text").body).toBe("layered");
    expect(decodeBody([deflateSync("zlib")], "Deflate", "text").body).toBe("zlib");
    expect(decodeBody([Buffer.from("plain")], "identity", "text").body).toBe("plain");
  });

  it("returns a binary body as its own ArrayBuffer", () => {
    const chunk = Buffer.from([1, 2, 3]);
    const { body } = decodeBody([chunk], undefined, "binary");
    expect(body).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(body as ArrayBuffer)]).toEqual([1, 2, 3]);
    chunk[0] = 9;
    expect(new Uint8Array(body as ArrayBuffer)[0]).toBe(1);
  });

  it("gives null for responseType none, and k6's 1701 error for a corrupt body", () => {
    expect(decodeBody([Buffer.from("x")], "gzip", "none")).toEqual({ body: null, error: null });
    const result = decodeBody([Buffer.from("not gzip")], "gzip", "text");
    expect(result.error?.code).toBe(1701);
    expect(result.body).toBeNull();
  });
});
