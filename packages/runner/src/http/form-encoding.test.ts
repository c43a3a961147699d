import { describe, expect, it } from "vitest";
import { encodeFormUrlEncoded, encodeMultipart } from "./form-encoding.js";

describe("encodeFormUrlEncoded", () => {
  it("sorts fields and repeats array values like Go's url.Values.Encode", () => {
    expect(encodeFormUrlEncoded({ b: "x y", a: ["1", "2"], c: 3, d: true })).toBe("a=1&a=2&b=x+y&c=3&d=true");
  });

  it("escapes like Go's QueryEscape", () => {
    expect(encodeFormUrlEncoded({ "k&=": "*!'()~._-é/?" })).toBe("k%26%3D=%2A%21%27%28%29~._-%C3%A9%2F%3F");
  });
});

describe("encodeMultipart", () => {
  it("lays out fields and files like Go's mime/multipart", () => {
    const { body, contentType } = encodeMultipart(
      { name: "Zoë", upload: { data: new Uint8Array([1, 2]), filename: 'a "b".bin' } },
      "XYZ",
    );
    expect(contentType).toBe("multipart/form-data; boundary=XYZ");
    expect(Buffer.from(body).toString("latin1")).toBe(
      [
        "--XYZ",
        'Content-Disposition: form-data; name="name"',
        "",
        Buffer.from("Zoë").toString("latin1"),
        "--XYZ",
        'Content-Disposition: form-data; name="upload"; filename="a \\"b\\".bin"',
        "Content-Type: application/octet-stream",
        "",
        "\x01\x02",
        "--XYZ--",
        "",
      ].join("\r\n"),
    );
  });

  it("makes a fresh random boundary each time", () => {
    const a = encodeMultipart({ x: "1" }).contentType;
    const b = encodeMultipart({ x: "1" }).contentType;
    expect(a).toMatch(/boundary=[0-9a-f]{60}$/);
    expect(a).not.toBe(b);
  });
});
