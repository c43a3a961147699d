import { describe, expect, it } from "vitest";
import { buildHopHeaders, type HopHeaderOptions, toHeaderEntries } from "./request-headers.js";

const plain: HopHeaderOptions = {
  userAgent: "",
  cookie: "",
  referer: "",
  stripCredentials: false,
  stripBodyHeaders: false,
};

describe("buildHopHeaders", () => {
  it("flattens headers, repeating array values, and drops a given Content-Length", () => {
    const entries = toHeaderEntries({ Accept: "*/*", "X-Many": ["1", "2"], "Content-Length": "99" });
    expect(buildHopHeaders(entries, plain)).toEqual(["Accept", "*/*", "X-Many", "1", "X-Many", "2"]);
  });

  it("adds the default User-Agent and a redirect Referer only when the request has none", () => {
    const options = { ...plain, userAgent: "k6-like", referer: "http://a.test/" };
    expect(buildHopHeaders(toHeaderEntries(undefined), options)).toEqual([
      "User-Agent",
      "k6-like",
      "Referer",
      "http://a.test/",
    ]);
    const own = toHeaderEntries({ "user-agent": "mine", Referer: "http://mine.test/" });
    expect(buildHopHeaders(own, options)).toEqual(["user-agent", "mine", "Referer", "http://mine.test/"]);
  });

  it("appends jar and request cookies to a Cookie header the script set", () => {
    const entries = toHeaderEntries({ Cookie: "own=1" });
    expect(buildHopHeaders(entries, { ...plain, cookie: "jar=2" })).toEqual(["Cookie", "own=1; jar=2"]);
    expect(buildHopHeaders(toHeaderEntries(undefined), { ...plain, cookie: "jar=2" })).toEqual([
      "Cookie",
      "jar=2",
    ]);
  });

  it("strips credentials and Host for another host, and body headers when the body was dropped", () => {
    const entries = toHeaderEntries({
      Authorization: "Bearer x",
      Cookie: "own=1",
      Host: "first.test",
      "Content-Type": "text/plain",
      Accept: "*/*",
    });
    expect(buildHopHeaders(entries, { ...plain, stripCredentials: true, cookie: "jar=2" })).toEqual([
      "Content-Type",
      "text/plain",
      "Accept",
      "*/*",
      "Cookie",
      "jar=2",
    ]);
    expect(buildHopHeaders(entries, { ...plain, stripBodyHeaders: true })).toEqual([
      "Authorization",
      "Bearer x",
      "Host",
      "first.test",
      "Accept",
      "*/*",
      "Cookie",
      "own=1",
    ]);
  });
});
