import { describe, expect, it } from "vitest";
import { prepareRun } from "../context.js";
import { syntheticRun } from "../synthetic.test-helpers.js";
import { registrableDomain, thirdPartyContent } from "./third-party-content.js";

const check = (hosts: [string, number][]) =>
  thirdPartyContent.check(
    prepareRun(syntheticRun(60, { hosts: hosts.map(([host, requests]) => ({ host, requests })) })),
  );

describe("registrableDomain", () => {
  it.each([
    ["api.example.com", "example.com"],
    ["API.Example.COM.", "example.com"],
    ["cdn.shop.example.co.uk:443", "example.co.uk"],
    ["www.example.com.au", "example.com.au"],
    ["example.io", "example.io"],
    ["a.b.example.io", "example.io"],
    ["10.0.0.1:8080", "10.0.0.1"],
    ["[::1]:3000", "[::1]"],
    ["localhost:3000", "localhost"],
  ])("%s → %s", (host, domain) => {
    expect(registrableDomain(host)).toBe(domain);
  });
});

describe("best_practice_third_party_content", () => {
  const five: [string, number][] = [
    ["www.shop.test", 9000],
    ["api.shop.test", 500],
    ["fonts.googleapis.com", 100],
    ["cdn.jsdelivr.net", 80],
    ["www.google-analytics.com", 60],
    ["connect.facebook.net", 40],
  ];

  it("fires above five registrable domains, naming the main one and the others", () => {
    const insight = check([...five, ["static.hotjar.com", 20]]);
    expect(insight).toMatchObject({
      id: "best_practice_third_party_content",
      severity: "info",
      values: { domains: 6, mainDomain: "shop.test", thirdPartyRequests: 300 },
    });
    expect(insight?.explanation).toContain("shop.test got most of them (96.9%)");
    expect(insight?.explanation).toContain("googleapis.com (100)");
  });

  it("does not fire at five domains, counting subdomains of one domain once", () => {
    expect(check(five)).toBeUndefined();
  });

  it("ignores hosts without requests", () => {
    expect(check([...five, ["static.hotjar.com", 0]])).toBeUndefined();
  });
});
