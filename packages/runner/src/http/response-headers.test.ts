import { describe, expect, it } from "vitest";
import { canonicalHeaderName, parseResponseHeaders } from "./response-headers.js";

describe("canonicalHeaderName", () => {
  it.each([
    ["content-type", "Content-Type"],
    ["CONTENT-LENGTH", "Content-Length"],
    ["x-forwarded-for", "X-Forwarded-For"],
    ["www-authenticate", "Www-Authenticate"],
    ["etag", "Etag"],
    ["foo_bar", "Foo_bar"],
    ["has space", "has space"],
  ])("turns %j into %j like Go", (name, canonical) => {
    expect(canonicalHeaderName(name)).toBe(canonical);
  });
});

describe("parseResponseHeaders", () => {
  const raw = (...pairs: string[]) => pairs.map((part) => Buffer.from(part));

  it("joins repeated headers whatever their case and keeps Set-Cookie lines apart", () => {
    const parsed = parseResponseHeaders(
      raw(
        "x-a",
        "1",
        "X-A",
        "2",
        "set-cookie",
        "a=1; Expires=Wed, 21 Oct 2037 07:28:00 GMT",
        "Set-Cookie",
        "b=2",
      ),
    );
    expect(parsed.headers).toEqual({
      "X-A": "1, 2",
      "Set-Cookie": "a=1; Expires=Wed, 21 Oct 2037 07:28:00 GMT, b=2",
    });
    expect(parsed.setCookies).toEqual(["a=1; Expires=Wed, 21 Oct 2037 07:28:00 GMT", "b=2"]);
  });

  it("reads values as UTF-8", () => {
    expect(parseResponseHeaders(raw("x-name", "Zoë")).headers["X-Name"]).toBe("Zoë");
  });
});
