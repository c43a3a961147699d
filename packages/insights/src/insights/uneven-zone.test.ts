import { encodeHistogram, Histogram, toUnits } from "@barrage/hdr-native";
import { describe, expect, it } from "vitest";
import { prepareRun } from "../context.js";
import { gaussian, seeded, syntheticRun } from "../synthetic.test-helpers.js";
import type { ZoneStats } from "../types.js";
import { unevenZone } from "./uneven-zone.js";

const check = (zones: ZoneStats[]) => unevenZone.check(prepareRun(syntheticRun(300, { zones })));
const zone = (name: string, p95: number, requests = 5000): ZoneStats => ({ zone: name, requests, p95 });

function latencies(seed: number, n: number, medianMs: number): Histogram {
  const rand = seeded(seed);
  const h = new Histogram();
  for (let i = 0; i < n; i++) h.record(toUnits(medianMs * Math.exp(0.3 * gaussian(rand))));
  return h;
}

describe("http_load_uneven_zone", () => {
  it("fires when one zone's p95 is 1.5× the others' median, pointing at that zone", () => {
    const insight = check([zone("us-east", 100), zone("eu-west", 110), zone("ap-south", 160)]);
    expect(insight).toMatchObject({
      id: "http_load_uneven_zone",
      severity: "warning",
      metric: "http_req_duration",
      filter: { load_zone: "ap-south" },
      values: { zone: "ap-south", p95: 160, othersP95: 105 },
    });
    expect(insight?.title).toBe("Uneven load zone: p95 in ap-south is 1.5× the other zones'");
    expect(insight?.explanation).toContain("us-east 100 ms");
  });

  it("does not fire at 1.48×", () => {
    expect(check([zone("us-east", 100), zone("eu-west", 110), zone("ap-south", 155)])).toBeUndefined();
  });

  it("needs the slow zone to be 20 ms slower", () => {
    expect(check([zone("a", 10), zone("b", 29)])).toBeUndefined();
    expect(check([zone("a", 10), zone("b", 31)])).toBeDefined();
  });

  it("leaves out zones with fewer than 100 requests", () => {
    expect(check([zone("a", 100), zone("b", 400, 99)])).toBeUndefined();
    expect(check([zone("a", 100), zone("b", 400, 100)])).toBeDefined();
  });

  it("with histograms, fires on a significantly slower zone and gives the p-value", () => {
    const zones = [
      { zone: "a", requests: 4000, histogram: encodeHistogram(latencies(1, 4000, 100)) },
      { zone: "b", requests: 4000, histogram: encodeHistogram(latencies(2, 4000, 105)) },
      { zone: "c", requests: 4000, histogram: latencies(3, 4000, 200) },
    ];
    const insight = check(zones);
    expect(insight?.values?.zone).toBe("c");
    expect(Number(insight?.values?.pValue)).toBeLessThan(0.01);
    expect(insight?.explanation).toContain("Mann–Whitney U test");
  });

  it("with histograms, does not fire on a p95 pushed up by a few outliers", () => {
    const others = latencies(4, 2000, 100);
    const slow = latencies(5, 94, 100);
    slow.recordMany(toUnits(1000), 6); // p95 of this zone becomes 1 s, its distribution barely moves
    const zones = [
      { zone: "a", requests: others.count, histogram: others },
      { zone: "b", requests: slow.count, histogram: slow },
    ];
    expect(check(zones)).toBeUndefined();
  });

  it("needs two zones", () => {
    expect(check([zone("a", 100)])).toBeUndefined();
    expect(check([])).toBeUndefined();
  });
});
