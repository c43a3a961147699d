import { describe, expect, it } from "vitest";
import { mayForwardCredentials, redirectReferer, redirectStep } from "./redirects.js";

describe("redirectStep", () => {
  it.each([
    [301, "POST", { method: "GET", keepBody: false }],
    [302, "PUT", { method: "GET", keepBody: false }],
    [303, "POST", { method: "GET", keepBody: false }],
    [303, "HEAD", { method: "HEAD", keepBody: false }],
    [302, "GET", { method: "GET", keepBody: false }],
    [307, "POST", { method: "POST", keepBody: true }],
    [308, "PATCH", { method: "PATCH", keepBody: true }],
  ])("%i after %s", (status, method, step) => {
    expect(redirectStep(status, method)).toEqual(step);
  });

  it("does not treat other statuses as redirects", () => {
    for (const status of [200, 300, 304, 305, 404]) expect(redirectStep(status, "GET")).toBeNull();
  });
});

describe("mayForwardCredentials", () => {
  const first = new URL("https://example.com/login");
  it("allows the same host, any port, and its subdomains", () => {
    expect(mayForwardCredentials(first, new URL("http://example.com:8080/x"))).toBe(true);
    expect(mayForwardCredentials(first, new URL("https://api.example.com/x"))).toBe(true);
  });
  it("refuses other hosts, including look-alike suffixes", () => {
    expect(mayForwardCredentials(first, new URL("https://evil.test/x"))).toBe(false);
    expect(mayForwardCredentials(first, new URL("https://notexample.com/x"))).toBe(false);
  });
});

describe("redirectReferer", () => {
  it("is the previous URL without credentials or fragment", () => {
    expect(redirectReferer(new URL("http://u:p@a.test/x?q=1#frag"), new URL("http://b.test/"))).toBe(
      "http://a.test/x?q=1",
    );
  });
  it("is empty from https to http", () => {
    expect(redirectReferer(new URL("https://a.test/"), new URL("http://a.test/"))).toBe("");
  });
});
