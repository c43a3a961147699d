import { describe, expect, it } from "vitest";
import { decodeHistogram } from "../decode.js";
import { Histogram } from "../histogram.js";
import { hdrRowValues } from "./row.js";

describe("hdrRowValues", () => {
  it("gives the statistics, the encoding and the non-empty buckets in ascending order", () => {
    const h = new Histogram();
    for (const v of [500, 200, 201, 201]) h.record(v);
    const row = hdrRowValues(h);
    expect(row).toMatchObject({
      count: 4,
      sum: 1102,
      min: 200,
      max: 500,
      idx: [200, 201, 378],
      cnt: [1, 2, 1],
    });
    expect(decodeHistogram(row.hist).percentiles([0.5])).toEqual(h.percentiles([0.5]));
  });

  it("stores an empty histogram as empty arrays", () => {
    expect(hdrRowValues(new Histogram())).toMatchObject({ count: 0, idx: [], cnt: [] });
  });

  it("refuses a bucket count the int4 column cannot hold", () => {
    const h = new Histogram();
    h.recordMany(7, 2 ** 31);
    expect(() => hdrRowValues(h)).toThrow("HDR bucket 7 holds 2147483648 values");
  });
});
