import { encodeHistogram, Histogram } from "@barrage/hdr-native";
import { describe, expect, it } from "vitest";
import { batch, counterPoint, gaugePoint, ratePoint, trendPoint } from "../batches.test-helpers.js";
import { BatchRejected } from "./batch-rejected.js";
import { parseMetricBatch } from "./parse-batch.js";

const END = 1_764_288_001_000;

function validBatch() {
  return batch(7, END, [
    trendPoint("http_req_duration", { status: "200", method: "GET" }, [3.1, 12.5, 88.2]),
    counterPoint("http_reqs", { status: "200" }, 3),
    ratePoint("checks", { check: "ok" }, 2, 3),
    gaugePoint("vus", {}, [5, 10, 8]),
  ]);
}

/** The BatchRejected a document gets, or fails the test. */
function rejection(doc: unknown): BatchRejected {
  try {
    parseMetricBatch(doc);
  } catch (error) {
    if (error instanceof BatchRejected) return error;
    throw error;
  }
  throw new Error("the batch was accepted");
}

/** A copy of the valid batch changed by `edit`. */
function edited(edit: (doc: ReturnType<typeof validBatch>) => void): unknown {
  const doc = structuredClone(validBatch());
  edit(doc);
  return doc;
}

describe("parseMetricBatch", () => {
  it("accepts the runner's wire format and decodes every histogram", () => {
    const parsed = parseMetricBatch(JSON.parse(JSON.stringify(validBatch())));
    expect(parsed).toMatchObject({ seq: 7, start: END - 1000, end: END });
    const [trend, counter, rate, gauge] = parsed.points;
    expect(trend).toMatchObject({ type: "trend", count: 3, min: 3.1, max: 88.2, contains: "time" });
    if (trend?.type !== "trend") throw new Error("not a trend");
    expect(trend.hist.count).toBe(3);
    expect(trend.hist.max).toBe(88_200);
    expect(trend.tagsKey).toBe('[["method","GET"],["status","200"]]');
    expect(counter).toMatchObject({ type: "counter", sum: 3 });
    expect(rate).toMatchObject({ type: "rate", nonzero: 2, total: 3 });
    expect(gauge).toMatchObject({ type: "gauge", last: 8, min: 5, max: 10, count: 3 });
  });

  it("accepts a batch without points (an idle period)", () => {
    expect(parseMetricBatch(batch(1, END, [])).points).toEqual([]);
  });

  it.each([
    ["not an object", () => "batch", "(document)", "expected an object"],
    [
      "an unknown top-level field",
      () => edited((d) => Object.assign(d, { extra: 1 })),
      "extra",
      "unknown field",
    ],
    ["a missing seq", () => edited((d) => Reflect.deleteProperty(d, "seq")), "seq", "missing"],
    ["seq 0", () => edited((d) => Object.assign(d, { seq: 0 })), "seq", "at least 1"],
    ["a fractional start", () => edited((d) => Object.assign(d, { start: 1.5 })), "start", "integer"],
    ["end before start", () => edited((d) => Object.assign(d, { end: d.start })), "end", "after start"],
    [
      "a period over a minute",
      () => edited((d) => Object.assign(d, { start: d.end - 60_001 })),
      "end",
      "60000",
    ],
    ["points not an array", () => edited((d) => Object.assign(d, { points: {} })), "points", "array"],
    [
      "an unknown type",
      () => edited((d) => Object.assign(d.points[1] ?? {}, { type: "histogram" })),
      "points[1].type",
      "counter, gauge, rate, trend",
    ],
    [
      "an unknown contains",
      () => edited((d) => Object.assign(d.points[1] ?? {}, { contains: "bytes" })),
      "points[1].contains",
      "default, time, data",
    ],
    [
      "an empty metric name",
      () => edited((d) => Object.assign(d.points[2] ?? {}, { metric: "" })),
      "points[2].metric",
      "non-empty",
    ],
    [
      "a NUL in a metric name",
      () => edited((d) => Object.assign(d.points[2] ?? {}, { metric: "a\u0000b" })),
      "points[2].metric",
      "NUL",
    ],
    [
      "a numeric tag value",
      () => edited((d) => Object.assign(d.points[1]?.tags ?? {}, { status: 200 })),
      'points[1].tags["status"]',
      "strings",
    ],
    [
      "a counter with an extra field",
      () => edited((d) => Object.assign(d.points[1]?.data ?? {}, { count: 3 })),
      "points[1].data.count",
      "unknown field",
    ],
    [
      "a non-finite counter",
      () => edited((d) => Object.assign(d.points[1]?.data ?? {}, { sum: Number.NaN })),
      "points[1].data.sum",
      "finite",
    ],
    [
      "a string number",
      () => edited((d) => Object.assign(d.points[1]?.data ?? {}, { sum: "3" })),
      "points[1].data.sum",
      "finite",
    ],
    [
      "nonzero above total",
      () => edited((d) => Object.assign(d.points[2]?.data ?? {}, { nonzero: 4 })),
      "points[2].data.nonzero",
      "above total",
    ],
    [
      "a gauge's last outside its range",
      () => edited((d) => Object.assign(d.points[3]?.data ?? {}, { last: 11 })),
      "points[3].data.last",
      "outside",
    ],
    [
      "a gauge without samples",
      () => edited((d) => Object.assign(d.points[3]?.data ?? {}, { count: 0 })),
      "points[3].data.count",
      "at least 1",
    ],
    [
      "a trend count the histogram disagrees with",
      () => edited((d) => Object.assign(d.points[0]?.data ?? {}, { count: 4 })),
      "points[0].data.count",
      "disagrees",
    ],
    [
      "a trend min the histogram disagrees with",
      () => edited((d) => Object.assign(d.points[0]?.data ?? {}, { min: 3 })),
      "points[0].data.min",
      "disagrees",
    ],
    [
      "a trend max the histogram disagrees with",
      () => edited((d) => Object.assign(d.points[0]?.data ?? {}, { max: 88.3 })),
      "points[0].data.max",
      "disagrees",
    ],
    [
      "a trend sum the histogram disagrees with",
      () => edited((d) => Object.assign(d.points[0]?.data ?? {}, { sum: 110 })),
      "points[0].data.sum",
      "disagrees",
    ],
    [
      "hdr that is not base64",
      () => edited((d) => Object.assign(d.points[0]?.data ?? {}, { hdr: "AQ%%" })),
      "points[0].data.hdr",
      "base64",
    ],
    [
      "hdr in base64 without its padding",
      () =>
        edited((d) => {
          const data = d.points[0]?.data as { hdr: string };
          data.hdr = data.hdr.replace(/=+$/, "");
          if (!/=$/.test(Buffer.from(data.hdr, "base64").toString("base64")))
            throw new Error("no padding to drop");
        }),
      "points[0].data.hdr",
      "base64",
    ],
    [
      "hdr in the URL-safe base64 alphabet",
      () => edited((d) => Object.assign(d.points[0]?.data ?? {}, { hdr: "AQ-_" })),
      "points[0].data.hdr",
      "base64",
    ],
    [
      "a series given twice",
      () => edited((d) => d.points.push(counterPoint("http_reqs", { status: "200" }, 1))),
      "points[4].tags",
      "twice",
    ],
    [
      "a metric given two types",
      () => edited((d) => d.points.push(ratePoint("http_reqs", {}, 1, 1))),
      "points[4].type",
      "one type",
    ],
  ])("refuses %s, naming the field", (_, make, field, problem) => {
    const error = rejection(make());
    expect(error.field).toBe(field);
    expect(error.message).toContain(problem);
  });

  it("refuses an hdr that does not decode, with the decoder's reason as cause", () => {
    const bytes = Buffer.from(encodeHistogram(histogramOf([3100, 12500, 88200])));
    bytes[bytes.length - 1] = 0; // a zero bucket count is invalid
    const error = rejection(
      edited((d) => Object.assign(d.points[0]?.data ?? {}, { hdr: bytes.toString("base64") })),
    );
    expect(error.field).toBe("points[0].data.hdr");
    expect(error.pointIndex).toBe(0);
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.message).toMatch(/invalid HDR histogram encoding/);
  });

  it("names the first problem in document order", () => {
    const error = rejection(
      edited((d) => {
        Object.assign(d.points[2]?.data ?? {}, { total: -1 });
        Object.assign(d.points[1]?.data ?? {}, { sum: null });
      }),
    );
    expect(error.field).toBe("points[1].data.sum");
    expect(error.pointIndex).toBe(1);
  });
});

function histogramOf(units: number[]): Histogram {
  const h = new Histogram();
  for (const u of units) h.record(u);
  return h;
}
