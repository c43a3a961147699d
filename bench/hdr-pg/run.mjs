/**
 * Benchmark of percentile queries over stored one-second histograms in PostgreSQL (see README.md):
 * (a) the barrage_hdr extension, (b) the pure-SQL fallback, (c) the tdigest extension on digests of the
 * same samples, (d) exact percentile_disc over the raw samples. Creates database barrage_bench, loads
 * generated latency series into it, times the queries, prints times, relative errors against the exact
 * answers and storage per one-second histogram, and drops the database.
 *
 * Usage: node bench/hdr-pg/run.mjs [--series 100] [--seconds 3600] [--sps 50]
 * Needs: npm run build; packages/hdr-native/scripts/install-extension.sh; postgresql-<major>-tdigest.
 */
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { Histogram, hdrRowValues, installHdrSql, queryHdrSummaries, toUnits } from "@barrage/hdr-native";
import pg from "pg";
import { seededRandom } from "../../packages/hdr-native/vectors/lognormal.mjs";

const { values: options } = parseArgs({
  options: {
    series: { type: "string", default: "100" },
    seconds: { type: "string", default: "3600" },
    sps: { type: "string", default: "50" },
  },
});
const SERIES = Number(options.series);
const SECONDS = Number(options.seconds);
const SPS = Number(options.sps);
const WINDOW = 300;
const WINDOWS_PER_SERIES = 3;
const QUANTILES = [0.5, 0.95, 0.99];
const DATABASE = "barrage_bench";
const baseUrl = process.env.DATABASE_URL ?? "postgres://root@127.0.0.1:5432/test";

function normal(random) {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Latency distributions in ms, one per series by series % 3, with parameters varying by series. */
const DISTRIBUTIONS = [
  { name: "lognormal", sample: (r, s) => (15 + (s % 10) * 5) * Math.exp(0.5 * normal(r)) },
  {
    name: "bimodal",
    sample: (r, s) => (r() < 0.7 ? 6 + (s % 5) : 150 + (s % 7) * 10) * Math.exp(0.25 * normal(r)),
  },
  { name: "uniform", sample: (r, s) => 10 + r() * (400 + (s % 5) * 50) },
];
const distributionOf = (series) => DISTRIBUTIONS[series % DISTRIBUTIONS.length];

/** Milliseconds rounded to the microsecond, so the raw samples are exactly what the histograms record. */
const roundMs = (ms) => toUnits(ms) / 1000;

async function connect(database) {
  const url = new URL(baseUrl);
  if (database) url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

async function ensureTdigest(client) {
  const { rows } = await client.query("SELECT 1 FROM pg_available_extensions WHERE name = 'tdigest'");
  if (rows.length > 0) return;
  const major = (await client.query("SHOW server_version_num")).rows[0].server_version_num.slice(0, 2);
  if (process.getuid?.() !== 0) {
    throw new Error(
      `the tdigest extension is not installed: run apt-get install postgresql-${major}-tdigest as root`,
    );
  }
  console.log(`installing postgresql-${major}-tdigest with apt-get`);
  execFileSync(
    "flock",
    ["/tmp/barrage-apt.lock", "apt-get", "install", "-y", "-qq", `postgresql-${major}-tdigest`],
    {
      stdio: "inherit",
    },
  );
}

async function load(client) {
  await client.query(`
    CREATE TABLE points (series int2, sec int2, count int8 NOT NULL, sum int8 NOT NULL, min int8 NOT NULL,
                         max int8 NOT NULL, hist bytea NOT NULL, idx int2[] NOT NULL, cnt int4[] NOT NULL);
    CREATE TABLE digests (series int2, sec int2, d tdigest NOT NULL);
    CREATE TABLE raw (series int2, sec int2, v float8 NOT NULL);`);
  const started = performance.now();
  for (let s = 0; s < SERIES; s++) {
    const random = seededRandom(1 + s);
    const { sample } = distributionOf(s);
    const raw = { series: [], sec: [], v: [] };
    const points = { series: [], sec: [], count: [], sum: [], min: [], max: [], hist: [], idx: [], cnt: [] };
    for (let sec = 0; sec < SECONDS; sec++) {
      const n = Math.round(SPS * (0.8 + 0.4 * random()));
      const h = new Histogram();
      for (let k = 0; k < n; k++) {
        const v = roundMs(sample(random, s));
        h.record(toUnits(v));
        raw.series.push(s);
        raw.sec.push(sec);
        raw.v.push(v);
      }
      const row = hdrRowValues(h);
      points.series.push(s);
      points.sec.push(sec);
      for (const key of ["count", "sum", "min", "max"]) points[key].push(row[key]);
      points.hist.push(Buffer.from(row.hist).toString("hex"));
      points.idx.push(`{${row.idx.join(",")}}`);
      points.cnt.push(`{${row.cnt.join(",")}}`);
    }
    await client.query(
      `INSERT INTO points
       SELECT s, t, n, su, mi, ma, decode(h, 'hex'), i::int2[], c::int4[]
         FROM unnest($1::int2[], $2::int2[], $3::int8[], $4::int8[], $5::int8[], $6::int8[], $7::text[], $8::text[],
                     $9::text[]) AS x(s, t, n, su, mi, ma, h, i, c)`,
      Object.values(points),
    );
    // One digest per series-second from the same samples, built in the database from the same batch.
    await client.query(
      `WITH x AS (SELECT * FROM unnest($1::int2[], $2::int2[], $3::float8[]) AS x(s, t, v)),
            kept AS (INSERT INTO raw SELECT s, t, v FROM x)
       INSERT INTO digests SELECT s, t, tdigest(v, 100) FROM x GROUP BY s, t`,
      [raw.series, raw.sec, raw.v],
    );
    if ((s + 1) % 10 === 0) {
      process.stdout.write(
        `  loaded ${s + 1}/${SERIES} series (${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
      );
    }
  }
  await client.query(`
    ALTER TABLE points ADD PRIMARY KEY (series, sec);
    ALTER TABLE digests ADD PRIMARY KEY (series, sec);
    CREATE INDEX ON raw (series, sec);`);
  // VACUUM refuses to run in the implicit transaction of a multi-statement query.
  for (const table of ["points", "digests", "raw"]) await client.query(`VACUUM ANALYZE ${table}`);
  return (performance.now() - started) / 1000;
}

/** The queries of one method: each returns the percentiles (ms) for a series and a [from, to) range of seconds. */
function methods(client) {
  const range = "series = $1 AND sec >= $2 AND sec < $3";
  const hdr = (mode) => async (s, from, to) =>
    (
      await queryHdrSummaries(client, {
        mode,
        from: "points",
        where: range,
        params: [s, from, to],
        quantiles: QUANTILES,
      })
    )[0].percentiles;
  const single = (text) => async (s, from, to) =>
    (await client.query(text, [s, from, to, QUANTILES])).rows[0].p;
  return {
    extension: hdr("extension"),
    sql: hdr("sql"),
    tdigest: single(`SELECT tdigest_percentile(d, $4::float8[]) AS p FROM digests WHERE ${range}`),
    exact: single(
      `SELECT percentile_disc($4::float8[]) WITHIN GROUP (ORDER BY v) AS p FROM raw WHERE ${range}`,
    ),
  };
}

async function measure(run, ranges) {
  const answers = [];
  const started = performance.now();
  for (const [s, from, to] of ranges) answers.push(await run(s, from, to));
  return { ms: (performance.now() - started) / ranges.length, answers };
}

function errorTable(results, ranges) {
  const lines = [];
  for (const method of ["extension", "sql", "tdigest"]) {
    for (const dist of DISTRIBUTIONS) {
      const maxima = QUANTILES.map((_, q) => {
        let max = 0;
        ranges.forEach(([s], k) => {
          if (distributionOf(s) !== dist) return;
          const exact = results.exact.answers[k][q];
          max = Math.max(max, Math.abs(results[method].answers[k][q] - exact) / exact);
        });
        return `${(max * 100).toFixed(3)}%`.padStart(9);
      });
      lines.push(`  ${method.padEnd(10)} ${dist.name.padEnd(10)} ${maxima.join(" ")}`);
    }
  }
  return lines.join("\n");
}

async function storage(client) {
  const { rows } = await client.query(`
    SELECT series % 3 AS dist, avg(pg_column_size(hist))::float8 AS hist,
           avg(pg_column_size(idx) + pg_column_size(cnt))::float8 AS arrays, avg(pg_column_size(p.*))::float8 AS row
      FROM points p GROUP BY 1 ORDER BY 1`);
  const digest = (await client.query("SELECT avg(pg_column_size(d))::float8 AS d FROM digests")).rows[0].d;
  const rawBytes = (await client.query("SELECT pg_total_relation_size('raw')::float8 AS b")).rows[0].b;
  return { rows, digest, rawPerSecond: rawBytes / (SERIES * SECONDS) };
}

async function main() {
  console.log(
    `hdr-pg bench: ${SERIES} series x ${SECONDS} one-second histograms, ~${SPS} samples/s ` +
      `(${DISTRIBUTIONS.map((d) => d.name).join(", ")}), quantiles ${QUANTILES.join(", ")}`,
  );
  const admin = await connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  let client;
  try {
    client = await connect(DATABASE);
    await ensureTdigest(client);
    await client.query("CREATE EXTENSION tdigest");
    const installation = await installHdrSql(client);
    if (installation.mode !== "extension")
      throw new Error(`barrage_hdr is unavailable: ${installation.reason}`);
    const loadSeconds = await load(client);
    console.log(`loaded in ${loadSeconds.toFixed(0)} s`);

    const random = seededRandom(99);
    const whole = Array.from({ length: SERIES }, (_, s) => [s, 0, SECONDS]);
    const windows = whole.flatMap(([s]) =>
      Array.from({ length: WINDOWS_PER_SERIES }, () => {
        const from = Math.floor(random() * (SECONDS - WINDOW));
        return [s, from, from + WINDOW];
      }),
    );
    const run = methods(client);
    for (const scope of [whole, windows]) for (const method of Object.values(run)) await method(...scope[0]);
    for (const [label, ranges] of [
      ["whole series (3600 histograms)", whole],
      [`5-minute windows (${WINDOW} histograms)`, windows],
    ]) {
      const results = {};
      for (const [name, method] of Object.entries(run)) results[name] = await measure(method, ranges);
      const identical = results.extension.answers.every(
        (a, k) => JSON.stringify(a) === JSON.stringify(results.sql.answers[k]),
      );
      const t = (name) => results[name].ms;
      console.log(
        `\n${label}: ${ranges.length} queries per method, mean time per query (merge + p50/p95/p99)`,
      );
      for (const name of Object.keys(run))
        console.log(`  ${name.padEnd(10)} ${t(name).toFixed(3).padStart(9)} ms`);
      console.log(
        `  ratios: sql/extension ${(t("sql") / t("extension")).toFixed(1)}x, tdigest/extension ` +
          `${(t("tdigest") / t("extension")).toFixed(1)}x, exact/extension ${(t("exact") / t("extension")).toFixed(1)}x`,
      );
      console.log(`  extension and sql answers identical: ${identical ? "yes" : "NO"}`);
      console.log(
        `  max relative error vs exact percentile_disc      ${QUANTILES.map((q) => `p${q * 100}`.padStart(9)).join(" ")}`,
      );
      console.log(errorTable(results, ranges));
    }

    const size = await storage(client);
    console.log("\nstorage per one-second histogram (pg_column_size, bytes)");
    for (const r of size.rows) {
      console.log(
        `  ${DISTRIBUTIONS[r.dist].name.padEnd(10)} hdr ${r.hist.toFixed(1).padStart(6)}   fallback arrays ` +
          `${r.arrays.toFixed(1).padStart(6)}   whole points row ${r.row.toFixed(1).padStart(6)}`,
      );
    }
    const hist = size.rows.reduce((a, r) => a + r.hist, 0) / size.rows.length;
    console.log(`  tdigest (compression 100) ${size.digest.toFixed(1)}`);
    console.log(`  raw samples with index, per second ${size.rawPerSecond.toFixed(1)}`);
    console.log(
      `  ratios to hdr (mean ${hist.toFixed(1)}): tdigest ${(size.digest / hist).toFixed(1)}x, raw ` +
        `${(size.rawPerSecond / hist).toFixed(1)}x`,
    );
  } finally {
    await client?.end();
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
    await admin.end();
  }
}

await main();
