import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lognormalSamples, seededRandom } from "../../vectors/lognormal.mjs";
import { Histogram } from "../histogram.js";
import { fromUnits } from "../units.js";
import type { HdrMode } from "./mode.js";
import { HDR_ROW_COLUMNS_SQL, hdrRowValues } from "./row.js";
import { type HdrSummary, type HdrSummarySpec, queryHdrSummaries } from "./summary-query.js";
import { openTestSchema, type TestSchema } from "./test-db.test-helpers.js";

const QUANTILES = [0, 0.001, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1];
const SECONDS = 90;

/** Per series, a generator of one second's values in units: latency shapes plus the edges of the scheme. */
const SERIES: readonly ((second: number, random: () => number) => number[])[] = [
  (s, r) => lognormalSamples(Math.floor(r() * 40), 20_000, 0.5, s + 1),
  (s, r) =>
    lognormalSamples(Math.floor(r() * 40), r() < 0.7 ? 5_000 : 180_000, 0.3, 1000 + s).map(
      (v) => v + (s % 7),
    ),
  (_, r) => Array.from({ length: Math.floor(r() * 30) }, () => Math.round(10_000 + r() * 490_000)),
  (_, r) => Array.from({ length: Math.floor(r() * 5) }, () => Math.floor(r() * 256)),
  (_, r) => (r() < 0.5 ? [] : Array.from({ length: 3 }, () => Math.round(r() * 2 ** 40))),
];

/** The TypeScript twin's answer for the same values, in the metric's unit. */
function expected(seconds: readonly number[][]): HdrSummary {
  const h = new Histogram();
  for (const values of seconds) for (const v of values) h.record(v);
  return {
    count: h.count,
    sum: fromUnits(h.sum),
    min: fromUnits(h.min),
    max: fromUnits(h.max),
    mean: fromUnits(h.mean()),
    percentiles: h.percentiles(QUANTILES).map(fromUnits),
  };
}

describe("HDR summary queries in both modes", () => {
  let db: TestSchema;
  /** data[series][second] = the values stored in that row. */
  const data: number[][][] = [];

  beforeAll(async () => {
    db = await openTestSchema("summary");
    await db.client.query(`CREATE TABLE points (series int4, sec int4, ${HDR_ROW_COLUMNS_SQL})`);
    const random = seededRandom(7);
    const rows: unknown[] = [];
    SERIES.forEach((generate, series) => {
      data[series] = [];
      for (let sec = 0; sec < SECONDS; sec++) {
        const values = generate(sec, random);
        (data[series] as number[][])[sec] = values;
        const h = new Histogram();
        for (const v of values) h.record(v);
        const r = hdrRowValues(h);
        rows.push([series, sec, r.count, r.sum, r.min, r.max, r.hist, r.idx, r.cnt]);
      }
    });
    const placeholders = rows.map(
      (_, k) => `(${Array.from({ length: 9 }, (_, c) => `$${k * 9 + c + 1}`).join(",")})`,
    );
    await db.client.query(`INSERT INTO points VALUES ${placeholders.join(",")}`, rows.flat());
  });

  afterAll(async () => {
    await db?.close();
  });

  const both = async (spec: Omit<HdrSummarySpec, "mode">) => {
    const run = (mode: HdrMode) => queryHdrSummaries(db.client, { ...spec, mode });
    return { extension: await run("extension"), sql: await run("sql") };
  };

  it("installs the extension on this server", () => {
    expect(db.installation.mode).toBe("extension");
  });

  it("agrees with the TypeScript twin over each whole series", async () => {
    for (let series = 0; series < SERIES.length; series++) {
      const { extension, sql } = await both({
        from: "points",
        where: "series = $1",
        params: [series],
        quantiles: QUANTILES,
      });
      const want = expected(data[series] as number[][]);
      expect(extension).toEqual([want]);
      expect(sql).toEqual([want]);
    }
  });

  it("agrees over windows grouped by an expression with parameters", async () => {
    const { extension, sql } = await both({
      from: "points",
      where: "sec >= $1 AND sec < $2",
      groupBy: "series * 100 + sec / $3",
      params: [15, 75, 20],
      quantiles: QUANTILES,
    });
    const byGroup = new Map<number, number[][]>();
    for (let series = 0; series < SERIES.length; series++) {
      for (let sec = 15; sec < 75; sec++) {
        const group = series * 100 + Math.floor(sec / 20);
        byGroup.set(group, [...(byGroup.get(group) ?? []), (data[series] as number[][])[sec] as number[]]);
      }
    }
    const grouped = [...byGroup.entries()]
      .sort(([a], [b]) => a - b)
      .map(([group, s]) => ({ group, ...expected(s) }));
    expect(extension).toEqual(grouped);
    expect(sql).toEqual(grouped);
  });

  it("keeps a NULL group and groups whose rows are all empty", async () => {
    const { extension, sql } = await both({
      from: "points",
      where: "series = 4 OR (series = 0 AND sec < 3)",
      groupBy: "CASE WHEN series = 0 THEN NULL ELSE sec END",
      quantiles: [0.5, 0.99],
    });
    expect(sql).toEqual(extension);
    const groups = extension.map((s) => s.group);
    expect(groups).toContain(null);
    expect(groups).toHaveLength(SECONDS + 1);
    const emptySecond = (data[4] as number[][]).findIndex((values) => values.length === 0);
    expect(extension.find((s) => s.group === emptySecond)).toEqual({
      group: emptySecond,
      count: 0,
      sum: 0,
      min: 0,
      max: 0,
      mean: 0,
      percentiles: [0, 0],
    });
  });

  it("answers one empty summary when no row matches", async () => {
    const { extension, sql } = await both({ from: "points", where: "false", quantiles: [0.5] });
    const empty = { count: 0, sum: 0, min: 0, max: 0, mean: 0, percentiles: [0] };
    expect(extension).toEqual([empty]);
    expect(sql).toEqual([empty]);
  });

  it("merges every row when there is no WHERE clause, with custom column names", async () => {
    await db.client.query(
      "CREATE VIEW renamed AS SELECT count AS n, sum AS s, min AS lo, max AS hi, hist AS h, idx AS i, cnt AS c FROM points",
    );
    const { extension, sql } = await both({
      from: "renamed r",
      quantiles: QUANTILES,
      columns: { count: "r.n", sum: "r.s", min: "r.lo", max: "r.hi", hist: "r.h", idx: "r.i", cnt: "r.c" },
    });
    const want = expected(data.flat());
    expect(extension).toEqual([want]);
    expect(sql).toEqual([want]);
  });
});
