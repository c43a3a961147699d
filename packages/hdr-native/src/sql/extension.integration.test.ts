import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lognormalSamples, seededRandom } from "../../vectors/lognormal.mjs";
import { decodeHistogram } from "../decode.js";
import { encodeHistogram } from "../encode.js";
import { Histogram } from "../histogram.js";
import { fromUnits, toUnits } from "../units.js";
import { openTestSchema, type TestSchema } from "./test-db.test-helpers.js";

interface Vectors {
  histograms: {
    name: string;
    encoded_hex: string;
    percentiles: [number, number][];
    mean: number;
    stddev: number;
  }[];
  invalid: { name: string; hex: string; error: string }[];
}

const vectors = JSON.parse(
  readFileSync(new URL("../../vectors/vectors.json", import.meta.url), "utf8"),
) as Vectors;

const QUANTILES = [0, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1];

/** Postgres error fields node-postgres puts on the thrown error. */
interface PgError {
  code: string;
  message: string;
}

describe("barrage_hdr extension", () => {
  let db: TestSchema;

  beforeAll(async () => {
    db = await openTestSchema("extension");
  });

  afterAll(async () => {
    await db?.close();
  });

  const one = async <T>(text: string, values?: unknown[]): Promise<T> => {
    const { rows } = await db.client.query(text, values);
    return rows[0] as T;
  };

  const failure = async (text: string, values?: unknown[]): Promise<PgError> => {
    const error = await db.client.query(text, values).then(
      () => undefined,
      (e: unknown) => e as PgError,
    );
    if (error === undefined) throw new Error(`expected ${text} to fail`);
    return error;
  };

  it("reads every vectors.json histogram and reports the twin's statistics", async () => {
    for (const v of vectors.histograms) {
      const h = decodeHistogram(Buffer.from(v.encoded_hex, "hex"));
      const row = await one<Record<string, number | number[] | string>>(
        `SELECT hdr_percentiles(h, $2) AS p, hdr_count(h) AS count, hdr_sum(h) AS sum, hdr_min(h) AS min,
                hdr_max(h) AS max, hdr_mean(h) AS mean, hdr_stddev(h) AS stddev, h::bytea AS bytes
           FROM (SELECT $1::hdr AS h) s`,
        [`\\x${v.encoded_hex}`, v.percentiles.map(([q]) => q)],
      );
      expect(row.p, v.name).toEqual(v.percentiles.map(([, value]) => fromUnits(value)));
      expect(Number(row.count), v.name).toBe(h.count);
      expect([row.sum, row.min, row.max, row.mean], v.name).toEqual(
        [h.sum, h.min, h.max, v.mean].map(fromUnits),
      );
      // libm's sqrt and V8's may differ in the last bit; the sums before it are done in the same order.
      expect(Math.abs((row.stddev as number) - fromUnits(v.stddev)), v.name).toBeLessThanOrEqual(
        1e-12 * fromUnits(v.stddev),
      );
      expect((row.bytes as unknown as Buffer).toString("hex"), v.name).toBe(v.encoded_hex);
    }
  });

  it("rejects every invalid vector as text and as binary input, naming the rule", async () => {
    for (const v of vectors.invalid) {
      const text = await failure("SELECT $1::text::hdr", [`\\x${v.hex}`]);
      expect(text.code, v.name).toBe("22P02");
      expect(text.message, v.name).toContain(v.error);
      const binary = await failure("SELECT $1::hdr", [Buffer.from(v.hex, "hex")]);
      expect(binary.code, v.name).toBe("22P03");
      expect(binary.message, v.name).toMatch(new RegExp(`^invalid binary hdr value: .*${v.error}`));
      const cast = await failure("SELECT $1::bytea::hdr", [Buffer.from(v.hex, "hex")]);
      expect(cast.code, v.name).toBe("22P03");
    }
  });

  it("prints the readable text form and reads it back", async () => {
    const printed = '{"count":4,"sum":1102,"min":200,"max":500,"runs":[[200,[1,2]],[378,[1]]]}';
    const row = await one<{ agg: string; back: string; spaced: string }>(
      `SELECT hdr_agg(v)::text AS agg, $1::hdr::text AS back,
              '{ "runs": [[200, [1, 2]], [378, [1]]], "max": 500, "min": 200, "sum": 1102, "count": 4 }'::hdr::text AS spaced
         FROM unnest(ARRAY[0.2, 0.201, 0.201, 0.5]) AS v`,
      [printed],
    );
    expect(row).toEqual({ agg: printed, back: printed, spaced: printed });
    const bad = await failure(`SELECT '{"count":1,"sum":5,"min":5,"max":5,"runs":[[5,[2]]]}'::hdr`);
    expect(bad.code).toBe("22P02");
    expect(bad.message).toContain("bucket counts do not add up to count");
  });

  it("sends and receives the shared encoding in binary, byte for byte", async () => {
    const h = new Histogram();
    for (const v of lognormalSamples(500, 20_000, 0.6, 3)) h.record(v);
    const bytes = encodeHistogram(h);
    // node-postgres sends a Buffer parameter in binary format, so $1::hdr goes through hdr_recv.
    const row = await one<{ sent: Buffer; text: string }>(
      "SELECT hdr_send($1::hdr) AS sent, $1::hdr::text AS text",
      [Buffer.from(bytes)],
    );
    expect(new Uint8Array(row.sent)).toEqual(bytes);
    expect(row.text).toMatch(/^\{"count":500,"sum":\d+,"min":\d+,"max":\d+,"runs":\[\[\d+,\[/);
  });

  it("records values in the metric's unit: round(value * 1000), negatives as 0, NULLs skipped", async () => {
    const values = [12.3456, 0.0004, 0.0005, -3, 250.5, 1e6];
    const h = new Histogram();
    for (const v of values) h.record(toUnits(v));
    const row = await one<{ h: Buffer; none: null }>(
      `SELECT hdr_agg(v)::bytea AS h, (SELECT hdr_agg(x) FROM unnest(ARRAY[NULL::float8]) x) AS none
         FROM unnest($1::float8[] || ARRAY[NULL::float8]) AS v`,
      [values],
    );
    expect(new Uint8Array(row.h)).toEqual(encodeHistogram(h));
    expect(row.none).toBeNull();
    expect((await failure("SELECT hdr_agg('NaN'::float8)")).message).toContain("cannot record NaN");
    expect((await failure("SELECT hdr_agg(1e300)")).code).toBe("22003");
  });

  it("checks quantiles and builds histograms from the fallback's arrays", async () => {
    const q = await failure("SELECT hdr_percentile(hdr_agg(1), 1.5)");
    expect([q.code, q.message]).toEqual(["22023", "quantile 1.5 is outside [0, 1]"]);
    expect((await failure("SELECT hdr_percentiles(hdr_agg(1), ARRAY[0.5, NULL])")).message).toBe(
      "quantile 2 is NULL",
    );
    const row = await one<{ same: boolean; empty: number[] }>(
      `SELECT hdr_from_buckets(ARRAY[378, 200, 201]::int2[], ARRAY[1, 1, 2], 4, 1102, 200, 500)::bytea
                = hdr_agg(v)::bytea AS same,
              hdr_percentiles(hdr_agg(v), ARRAY[]::float8[]) AS empty
         FROM unnest(ARRAY[0.2, 0.201, 0.201, 0.5]) AS v`,
    );
    expect(row).toEqual({ same: true, empty: [] });
    const mismatch = await failure("SELECT hdr_from_buckets(ARRAY[1, 2], ARRAY[1], 1, 1, 1, 1)");
    expect(mismatch.message).toBe("idx has 2 elements but cnt has 1; they are parallel arrays");
    expect((await failure("SELECT hdr_from_buckets(ARRAY[5], ARRAY[1], 2, 5, 5, 5)")).message).toContain(
      "bucket counts do not add up to count",
    );
  });

  describe("with parallel aggregation forced on", () => {
    const series = 40;
    const perSeries = 60;
    const twin = new Map<number, Histogram>();

    beforeAll(async () => {
      const random = seededRandom(11);
      const rows: [number, string][] = [];
      const raw: [number, number][] = [];
      for (let s = 0; s < series; s++) {
        const merged = new Histogram();
        for (let sec = 0; sec < perSeries; sec++) {
          const h = new Histogram();
          for (const v of lognormalSamples(
            1 + Math.floor(random() * 30),
            1000 * (5 + s),
            0.4,
            s * 1000 + sec,
          )) {
            h.record(v);
            raw.push([s, fromUnits(v)]);
          }
          merged.merge(h);
          rows.push([s, Buffer.from(encodeHistogram(h)).toString("hex")]);
        }
        twin.set(s, merged);
      }
      await db.client.query(
        `CREATE TABLE seconds AS SELECT s, decode(x, 'hex')::hdr AS h FROM unnest($1::int4[], $2::text[]) AS t(s, x)`,
        [rows.map(([s]) => s), rows.map(([, x]) => x)],
      );
      await db.client.query(
        "CREATE TABLE samples AS SELECT * FROM unnest($1::int4[], $2::float8[]) AS t(s, v)",
        [raw.map(([s]) => s), raw.map(([, v]) => v)],
      );
      await db.client.query("ANALYZE seconds; ANALYZE samples");
    });

    const parallel = async (on: boolean) => {
      await db.client.query(
        on
          ? "SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2"
          : "SET max_parallel_workers_per_gather = 0",
      );
    };

    const plan = async (query: string) =>
      ((await db.client.query(`EXPLAIN (ANALYZE, COSTS OFF) ${query}`)).rows as { "QUERY PLAN": string }[])
        .map((r) => r["QUERY PLAN"])
        .join("\n");

    const queries = {
      merge: "SELECT hdr_merge(h)::bytea AS h FROM seconds",
      mergeBySeries: "SELECT s, hdr_merge(h)::bytea AS h FROM seconds GROUP BY s ORDER BY s",
      mergeBytea: "SELECT hdr_merge(h::bytea)::bytea AS h FROM seconds",
      agg: "SELECT hdr_agg(v)::bytea AS h FROM samples",
      aggBySeries: "SELECT s, hdr_agg(v)::bytea AS h FROM samples GROUP BY s ORDER BY s",
    };

    it("plans partial aggregates with workers and gets the serial answers", async () => {
      for (const [name, query] of Object.entries(queries)) {
        await parallel(true);
        const explained = await plan(query);
        expect(explained, name).toMatch(/Partial (Hash|Group)?Aggregate/);
        expect(explained, name).toMatch(/Workers Launched: [12]/);
        const inParallel = (await db.client.query(query)).rows;
        await parallel(false);
        expect(await plan(query), name).not.toContain("Partial");
        expect(inParallel, name).toEqual((await db.client.query(query)).rows);
      }
    });

    it("gives the TypeScript twin's histograms", async () => {
      await parallel(true);
      const all = new Histogram();
      for (const h of twin.values()) all.merge(h);
      const expected = Buffer.from(encodeHistogram(all));
      for (const query of [queries.merge, queries.mergeBytea, queries.agg]) {
        expect((await one<{ h: Buffer }>(query)).h, query).toEqual(expected);
      }
      for (const query of [queries.mergeBySeries, queries.aggBySeries]) {
        const rows = (await db.client.query(query)).rows as { s: number; h: Buffer }[];
        expect(rows.map((r) => r.s)).toEqual([...twin.keys()]);
        for (const r of rows)
          expect(r.h, `${query} series ${r.s}`).toEqual(
            Buffer.from(encodeHistogram(twin.get(r.s) as Histogram)),
          );
      }
      const p = await one<{ p: number[] }>(`SELECT hdr_percentiles(hdr_merge(h), $1) AS p FROM seconds`, [
        QUANTILES,
      ]);
      expect(p.p).toEqual(all.percentiles(QUANTILES).map(fromUnits));
      await parallel(false);
    });
  });
});
