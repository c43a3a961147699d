import { describe, expect, it } from "vitest";
import { parseHosts } from "./hosts.js";

describe("parseHosts", () => {
  it("reads addresses with and without ports, IPv6 in brackets, names case-insensitively", () => {
    const hosts = parseHosts({
      "Shop.Test": "127.0.0.1",
      "api.test": "10.0.0.2:8443",
      "v6.test": "[::1]:8080",
      "alias.test": "other.test",
    });
    expect(Object.fromEntries(hosts)).toEqual({
      "shop.test": { address: "127.0.0.1" },
      "api.test": { address: "10.0.0.2", port: 8443 },
      "v6.test": { address: "::1", port: 8080 },
      "alias.test": { address: "other.test" },
    });
    expect(parseHosts(undefined).size).toBe(0);
  });

  it.each(["1.2.3.4:", "1.2.3.4:99999", "::1", "a b:1", ""])("refuses %j naming the entry", (value) => {
    expect(() => parseHosts({ "x.test": value })).toThrow(/^hosts: "x.test":/);
  });
});
