/**
 * Metric-stream documents built the way an agent builds them: the runner's `pointToJson` applied to
 * period aggregates, so the tests exercise the real wire format.
 */
import { Histogram, toUnits } from "@barrage/hdr-native";
import { type PointJson, pointToJson, type SeriesPoint } from "@barrage/runner";

/** A metric-stream document as JSON. */
export interface BatchJson {
  seq: number;
  start: number;
  end: number;
  points: PointJson[];
}

type Contains = "default" | "time" | "data";

function point(
  name: string,
  contains: Contains,
  tags: Record<string, string>,
  value: SeriesPoint["value"],
): PointJson {
  return pointToJson({ metric: { id: 0, name, type: value.type, contains }, tags, value });
}

/** A trend's period point of the given samples (ms for `time` trends). */
export function trendPoint(
  name: string,
  tags: Record<string, string>,
  values: readonly number[],
  contains: Contains = "time",
): PointJson {
  const hist = new Histogram();
  for (const v of values) hist.record(toUnits(v));
  return point(name, contains, tags, {
    type: "trend",
    count: values.length,
    sum: values.reduce((a, b) => a + b, 0),
    min: Math.min(...values),
    max: Math.max(...values),
    hist,
  });
}

/** A counter's period point. */
export function counterPoint(name: string, tags: Record<string, string>, sum: number): PointJson {
  return point(name, "default", tags, { type: "counter", sum });
}

/** A rate's period point. */
export function ratePoint(
  name: string,
  tags: Record<string, string>,
  nonzero: number,
  total: number,
): PointJson {
  return point(name, "default", tags, { type: "rate", nonzero, total });
}

/** A gauge's period point of the given samples, in order. */
export function gaugePoint(name: string, tags: Record<string, string>, values: readonly number[]): PointJson {
  return point(name, "default", tags, {
    type: "gauge",
    last: values.at(-1) as number,
    min: Math.min(...values),
    max: Math.max(...values),
    count: values.length,
  });
}

/** A batch of one 1-second period ending at `end`. */
export function batch(seq: number, end: number, points: PointJson[]): BatchJson {
  return { seq, start: end - 1000, end, points };
}

/** A deterministic pseudo-random source (mulberry32), so failures reproduce. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` lognormal latencies in ms (median about `median`), rounded to microseconds like real timings. */
export function latencies(random: () => number, n: number, median = 20): number[] {
  return Array.from({ length: n }, () => {
    const gauss = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.round(median * Math.exp(0.6 * gauss) * 1000) / 1000;
  });
}
