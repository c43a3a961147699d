import { describe, expect, it } from "vitest";
import { buildCookieHeader, parseSetCookies, toResponseCookies } from "./cookie-headers.js";
import { VuCookieJar } from "./cookie-jar.js";

describe("VuCookieJar", () => {
  it("sets cookies with k6's options and scopes them by path and scheme", () => {
    const jar = new VuCookieJar();
    jar.set("https://shop.test/", "cart", "3", { path: "/cart", secure: true, http_only: true });
    jar.set("https://shop.test/", "lang", "en");
    expect(jar.cookiesForURL("https://shop.test/cart/items")).toEqual({ cart: ["3"], lang: ["en"] });
    expect(jar.cookiesForURL("https://shop.test/")).toEqual({ lang: ["en"] });
    expect(jar.cookiesForURL("http://shop.test/cart")).toEqual({ lang: ["en"] });
    expect(jar.cookiesForURL("https://other.test/")).toEqual({});
  });

  it("deletes by name, clears by URL, and forgets everything", () => {
    const jar = new VuCookieJar();
    jar.set("http://a.test/", "x", "1");
    jar.set("http://a.test/", "y", "2");
    jar.set("http://b.test/", "z", "3");
    jar.delete("http://a.test/", "x");
    expect(jar.cookiesForURL("http://a.test/")).toEqual({ y: ["2"] });
    jar.clear("http://a.test/");
    expect(jar.cookiesForURL("http://a.test/")).toEqual({});
    expect(jar.cookiesForURL("http://b.test/")).toEqual({ z: ["3"] });
    jar.clearAll();
    expect(jar.cookiesForURL("http://b.test/")).toEqual({});
  });

  it("honours expires and max_age, and explains an unreadable date", () => {
    const jar = new VuCookieJar();
    jar.set("http://a.test/", "old", "1", { expires: "Mon, 02 Jan 2006 15:04:05 GMT" });
    jar.set("http://a.test/", "gone", "1", { max_age: -1 });
    jar.set("http://a.test/", "kept", "1", { max_age: 60 });
    expect(jar.cookiesForURL("http://a.test/")).toEqual({ kept: ["1"] });
    expect(() => jar.set("http://a.test/", "bad", "1", { expires: "next tuesday" })).toThrow(
      /unable to parse "expires" date "next tuesday": give an RFC 1123 date/,
    );
  });
});

describe("buildCookieHeader", () => {
  it("puts request cookies first, then the jar's unless replaced", () => {
    const jar = new VuCookieJar();
    jar.set("http://a.test/", "a", "jar");
    jar.set("http://a.test/", "b", "jar");
    expect(buildCookieHeader(jar, "http://a.test/", undefined)).toBe("a=jar; b=jar");
    expect(buildCookieHeader(jar, "http://a.test/", { a: "req" })).toBe("a=req; a=jar; b=jar");
    expect(buildCookieHeader(jar, "http://a.test/", { a: { value: "req", replace: true } })).toBe(
      "a=req; b=jar",
    );
    expect(buildCookieHeader(null, "http://a.test/", { c: "1" })).toBe("c=1");
    expect(buildCookieHeader(null, "http://a.test/", undefined)).toBe("");
  });
});

describe("toResponseCookies", () => {
  it("follows Go's Max-Age convention and skips malformed lines", () => {
    const cookies = toResponseCookies(
      parseSetCookies([
        "a=1; Max-Age=0",
        "a=2; Max-Age=10; Domain=.Example.com; Path=/p",
        "=novalue-and-no-name;",
      ]),
    );
    expect(cookies.a).toEqual([
      { name: "a", value: "1", domain: "", path: "", httpOnly: false, secure: false, maxAge: -1, expires: 0 },
      {
        name: "a",
        value: "2",
        domain: "example.com",
        path: "/p",
        httpOnly: false,
        secure: false,
        maxAge: 10,
        expires: 0,
      },
    ]);
    expect(Object.keys(cookies)).toEqual(["a"]);
  });
});
