import { decodeHistogram, toUnits } from "@barrage/hdr-native";
import { BatchRejected } from "./batch-rejected.js";
import {
  METRIC_TYPES,
  type MetricBatch,
  type MetricPoint,
  type MetricType,
  type PointSeries,
  VALUE_CONTAINS,
  type ValueContains,
} from "./metric-batch.js";
import { tagsKey } from "./tags-key.js";

/**
 * The longest aggregation period a batch may cover. Queries rely on it to bound a period's start by
 * its end (`ts`) when they select by time, so that they can use the index and prune partitions.
 */
export const MAX_PERIOD_MS = 60_000;

const INT4_MAX = 2 ** 31 - 1;

/** The longest metric name, as the runner allows it. */
const MAX_METRIC_NAME = 128;

/** The latest epoch millisecond a JavaScript Date (and so a batch) can name. */
const MAX_EPOCH_MS = 8.64e15;

const DATA_FIELDS: Readonly<Record<MetricType, readonly string[]>> = {
  counter: ["sum"],
  gauge: ["last", "min", "max", "count"],
  rate: ["nonzero", "total"],
  trend: ["count", "sum", "min", "max", "hdr"],
};

function reject(field: string, problem: string, options?: ErrorOptions): never {
  throw new BatchRejected(field, problem, options);
}

/** Options of {@link parseMetricBatch}. */
export interface ParseBatchOptions {
  /**
   * Rewrites each point's tags once they are checked and before the series key is made, e.g. the
   * platform's own tags from the agent's identity (agent-tags.ts); series given twice are looked
   * for after it.
   */
  stampTags?: (tags: Readonly<Record<string, string>>) => Record<string, string>;
}

/**
 * Checks a metric-stream document strictly and returns it typed, with every trend's histogram
 * decoded. Nothing is coerced: unknown or missing fields, wrong types, non-finite or non-integer
 * numbers, unknown metric types, inconsistent aggregates, a metric given two types, a series given
 * twice, and histograms that do not decode or disagree with the point's count, min, max or sum are
 * all refused.
 *
 * @throws {BatchRejected} naming the first problem in document order (e.g. `points[3].data.count`)
 * @example
 * const batch = parseMetricBatch(JSON.parse(body)); // { seq, start, end, points: [...] }
 */
export function parseMetricBatch(body: unknown, options: ParseBatchOptions = {}): MetricBatch {
  const doc = readObject(body, "", ["seq", "start", "end", "points"]);
  const seq = readInteger(doc.seq, 1, "seq");
  const start = readInteger(doc.start, 0, "start");
  const end = readInteger(doc.end, 1, "end");
  if (end > MAX_EPOCH_MS) reject("end", `${end} is past the last representable time (${MAX_EPOCH_MS})`);
  if (end <= start) reject("end", `must be after start (start ${start}, end ${end})`);
  if (end - start > MAX_PERIOD_MS) {
    reject("end", `the period is ${end - start} ms long; at most ${MAX_PERIOD_MS} ms is allowed`);
  }
  if (!Array.isArray(doc.points)) reject("points", `expected an array, got ${describe(doc.points)}`);
  const raw = doc.points as unknown[];

  const types = new Map<string, { type: MetricType; contains: ValueContains; at: number }>();
  const seen = new Set<string>();
  const points = raw.map((value, i) => {
    const point = readPoint(value, `points[${i}]`, options.stampTags);
    const known = types.get(point.metric);
    if (known && (known.type !== point.type || known.contains !== point.contains)) {
      reject(
        `points[${i}].type`,
        `metric ${JSON.stringify(point.metric)} is a ${point.type} of ${point.contains} here but a ${known.type} of ${known.contains} in points[${known.at}]; a metric has one type`,
      );
    }
    if (!known) types.set(point.metric, { type: point.type, contains: point.contains, at: i });
    const series = `${point.metric}\u0000${point.tagsKey}`;
    if (seen.has(series)) {
      reject(
        `points[${i}].tags`,
        `series ${JSON.stringify(point.metric)} ${point.tagsKey} appears twice in the batch${
          options.stampTags
            ? " (once the platform set its own tags, load_zone and instance_id, which replace a script's)"
            : ""
        }`,
      );
    }
    seen.add(series);
    return point;
  });
  return { seq, start, end, points };
}

function readPoint(value: unknown, at: string, stampTags: ParseBatchOptions["stampTags"]): MetricPoint {
  const point = readObject(value, at, ["metric", "type", "contains", "tags", "data"]);
  const metric = readText(point.metric, at, "metric");
  if (metric.length > MAX_METRIC_NAME) {
    reject(`${at}.metric`, `${metric.length} characters long; at most ${MAX_METRIC_NAME} are allowed`);
  }
  const type = readChoice(point.type, METRIC_TYPES, at, "type");
  const contains = readChoice(point.contains, VALUE_CONTAINS, at, "contains");
  const read = readTags(point.tags, at);
  const tags = stampTags ? stampTags(read) : read;
  const series = { metric, contains, tags, tagsKey: tagsKey(tags) };
  const dataAt = `${at}.data`;
  const data = readObject(point.data, dataAt, DATA_FIELDS[type]);

  switch (type) {
    case "counter":
      return { ...series, type, sum: readFinite(data.sum, dataAt, "sum") };
    case "gauge": {
      const last = readFinite(data.last, dataAt, "last");
      const min = readFinite(data.min, dataAt, "min");
      const max = readFinite(data.max, dataAt, "max");
      const count = readInteger(data.count, 1, dataAt, "count");
      if (min > max) reject(`${dataAt}.min`, `${min} is above max ${max}`);
      if (last < min || last > max)
        reject(`${dataAt}.last`, `${last} is outside [min, max] = [${min}, ${max}]`);
      return { ...series, type, last, min, max, count };
    }
    case "rate": {
      const nonzero = readInteger(data.nonzero, 0, dataAt, "nonzero");
      const total = readInteger(data.total, 0, dataAt, "total");
      if (nonzero > total) reject(`${dataAt}.nonzero`, `${nonzero} is above total ${total}`);
      return { ...series, type, nonzero, total };
    }
    case "trend":
      return readTrend(series, data, dataAt);
  }
}

function readTrend(series: PointSeries, data: Record<string, unknown>, at: string): MetricPoint {
  const count = readInteger(data.count, 1, at, "count");
  // Stored bucket counts are int4 (hdr-native's row form): no bucket of a period can hold more.
  if (count > INT4_MAX)
    reject(`${at}.count`, `${count} samples in one period; at most ${INT4_MAX} are allowed`);
  const sum = readFinite(data.sum, at, "sum");
  const min = readFinite(data.min, at, "min");
  const max = readFinite(data.max, at, "max");
  if (min > max) reject(`${at}.min`, `${min} is above max ${max}`);
  const text = readText(data.hdr, at, "hdr");
  // Node's decoder skips what is not base64 and accepts the URL alphabet and missing padding; the
  // bytes encoded back must give the text again, which refuses all of that for a third of the cost
  // of a regular expression over every histogram.
  const hdr = Buffer.from(text, "base64");
  if (hdr.toString("base64") !== text)
    reject(`${at}.hdr`, "not canonical padded standard base64 (A-Z a-z 0-9 + /)");
  let hist: ReturnType<typeof decodeHistogram>;
  try {
    hist = decodeHistogram(hdr);
  } catch (error) {
    return reject(`${at}.hdr`, (error as Error).message, { cause: error });
  }
  const disagree = (field: string, said: number, histogram: number) =>
    reject(
      `${at}.${field}`,
      `${said} disagrees with the histogram, whose ${field} is ${histogram} (in units of 1/1000)`,
    );
  if (hist.count !== count) disagree("count", count, hist.count);
  if (hist.min !== toUnits(min)) disagree("min", min, hist.min);
  if (hist.max !== toUnits(max)) disagree("max", max, hist.max);
  // Each value was rounded to units on its own, so the sums differ by at most half a unit per value
  // (plus float rounding); negative values are recorded as 0, so only non-negative trends compare.
  const drift = Math.abs(sum * 1000 - hist.sum);
  if (min >= 0 && drift > count / 2 + 1e-9 * Math.abs(sum * 1000) + 1) disagree("sum", sum, hist.sum);
  return { ...series, type: "trend", count, sum, min, max, hist, hdr };
}

function readObject(value: unknown, at: string, fields: readonly string[]): Record<string, unknown> {
  const name = at === "" ? "the batch" : at;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return reject(at === "" ? "(document)" : at, `expected an object, got ${describe(value)}`);
  }
  const object = value as Record<string, unknown>;
  const path = (field: string) => (at === "" ? field : `${at}.${field}`);
  for (const field of Object.keys(object)) {
    if (!fields.includes(field)) reject(path(field), `unknown field; ${name} has ${fields.join(", ")}`);
  }
  for (const field of fields) {
    if (!Object.hasOwn(object, field)) reject(path(field), "missing");
  }
  return object;
}

/** The tags of the point at `at`. */
function readTags(value: unknown, at: string): Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return reject(`${at}.tags`, `expected an object of string tag values, got ${describe(value)}`);
  }
  const entries = Object.entries(value);
  for (const [name, tag] of entries) {
    const field = () => `${at}.tags[${JSON.stringify(name)}]`;
    if (name === "" || name.includes("\u0000"))
      reject(field(), "a tag name must be non-empty text without NUL");
    if (typeof tag !== "string") reject(field(), `tag values are strings, got ${describe(tag)}`);
    if ((tag as string).includes("\u0000")) reject(field(), "a tag value cannot contain NUL");
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

// The readers below take the field's place as `at` and `field` apart and join them only to reject:
// a batch has thousands of fields, and building each one's path up front was a tenth of ingest.
const fieldPath = (at: string, field?: string) =>
  field === undefined ? at : at === "" ? field : `${at}.${field}`;

function readText(value: unknown, at: string, field?: string): string {
  if (typeof value !== "string" || value === "")
    reject(fieldPath(at, field), `expected non-empty text, got ${describe(value)}`);
  // PostgreSQL text cannot hold NUL; refusing it here keeps a bad batch a 400, not a failed insert.
  if ((value as string).includes("\u0000")) reject(fieldPath(at, field), "cannot contain NUL");
  return value as string;
}

function readChoice<T extends string>(value: unknown, choices: readonly T[], at: string, field?: string): T {
  if (typeof value !== "string" || !choices.includes(value as T)) {
    reject(fieldPath(at, field), `expected one of ${choices.join(", ")}, got ${describe(value)}`);
  }
  return value as T;
}

function readFinite(value: unknown, at: string, field?: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    reject(fieldPath(at, field), `expected a finite number, got ${describe(value)}`);
  }
  return value as number;
}

function readInteger(value: unknown, min: number, at: string, field?: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    reject(
      fieldPath(at, field),
      `expected an integer of at least ${min} (at most 2^53 - 1), got ${describe(value)}`,
    );
  }
  return value as number;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string")
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}
