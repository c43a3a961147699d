/**
 * Benchmark of metric ingest (see README.md): simulated agents push real metric-stream documents
 * (the runner's pointToJson of period aggregates: ~40 series per agent per second, trends of 100 to
 * 1,000 samples) straight into ingestBatch of @barrage/api, as fast as they are answered. Prints
 * series-points per second ingested and the latency of ingestBatch (p50, p95, p99, max).
 *
 * Usage: node bench/ingest/run.mjs [--agents 16] [--periods 150] [--runs 1] [--pool 16] [--hdr auto|sql]
 *        [--interval 0]   (ms between an agent's batches; 0: each agent sends its next batch when answered)
 * Needs: npm run build -w @barrage/hdr-native -w @barrage/runner -w @barrage/api
 */
import { parseArgs } from "node:util";
import { Histogram, toUnits } from "@barrage/hdr-native";
import { pointToJson } from "@barrage/runner";
import pg from "pg";
import { migrate } from "../../packages/api/dist/db/migrate.js";
import {
  ensureMetricPartitions,
  ingestBatch,
  prepareMetricStore,
} from "../../packages/api/dist/metrics/index.js";

const { values: options } = parseArgs({
  options: {
    agents: { type: "string", default: "16" },
    periods: { type: "string", default: "150" },
    runs: { type: "string", default: "1" },
    pool: { type: "string", default: "16" },
    hdr: { type: "string", default: "auto" },
    interval: { type: "string", default: "0" },
  },
});
const AGENTS = Number(options.agents);
const PERIODS = Number(options.periods);
const RUNS = Number(options.runs);
const INTERVAL = Number(options.interval);
const DATABASE = "barrage_bench_ingest";
const baseUrl = new URL(process.env.DATABASE_URL ?? "postgres://root@127.0.0.1:5432/test");

/** mulberry32: the same documents on every run. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
const random = seededRandom(1);
const lognormal = (median, sigma) =>
  median * Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
const roundMs = (ms) => toUnits(ms) / 1000;

function point(name, type, contains, tags, value) {
  return pointToJson({ metric: { id: 0, name, type, contains }, tags, value });
}
function trend(name, tags, n, median) {
  const values = Array.from({ length: n }, () => roundMs(lognormal(median, 0.5)));
  const hist = new Histogram();
  for (const v of values) hist.record(toUnits(v));
  return point(name, "trend", "time", tags, {
    type: "trend",
    count: n,
    sum: values.reduce((a, b) => a + b, 0),
    min: Math.min(...values),
    max: Math.max(...values),
    hist,
  });
}
const counter = (name, tags, sum, contains = "default") =>
  point(name, "counter", contains, tags, { type: "counter", sum });
const rate = (name, tags, nonzero, total) =>
  point(name, "rate", "default", tags, { type: "rate", nonzero, total });
const gauge = (name, value) =>
  point(name, "gauge", "default", {}, { type: "gauge", last: value, min: value, max: value, count: 1 });

const HTTP_TRENDS = [
  ["http_req_duration", 40],
  ["http_req_waiting", 35],
  ["http_req_blocked", 0.01],
  ["http_req_connecting", 0.005],
  ["http_req_sending", 0.02],
  ["http_req_receiving", 0.1],
];

/**
 * One agent-second as a k6 script of three requests per iteration makes it: per request tag set
 * (3 URLs) six HTTP trends, http_reqs, http_req_failed, data_sent, data_received; plus
 * iterations, iteration_duration, checks and vus, vus_max: 40 series, 18 of them trends with 100 to
 * 1,000 samples.
 */
function agentSecond() {
  const points = [];
  const perUrl = 100 + Math.floor(random() * 900);
  for (const name of ["/", "/login", "/api/items"]) {
    const tags = {
      scenario: "default",
      group: "",
      name,
      method: "GET",
      status: "200",
      expected_response: "true",
      proto: "HTTP/1.1",
      load_zone: "local",
    };
    for (const [metric, median] of HTTP_TRENDS) points.push(trend(metric, tags, perUrl, median));
    points.push(counter("http_reqs", tags, perUrl));
    points.push(rate("http_req_failed", tags, 0, perUrl));
    points.push(counter("data_sent", tags, perUrl * 120, "data"));
    points.push(counter("data_received", tags, perUrl * 2400, "data"));
  }
  const base = { scenario: "default", group: "", load_zone: "local" };
  points.push(counter("iterations", base, perUrl));
  points.push(trend("iteration_duration", base, perUrl, 130));
  points.push(rate("checks", { ...base, check: "status is 200" }, perUrl, perUrl));
  points.push(rate("checks", { ...base, check: "body has items" }, perUrl - 1, perUrl));
  points.push(gauge("vus", 50));
  points.push(gauge("vus_max", 50));
  return points;
}

function percentile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

async function withAdmin(fn) {
  const url = new URL(baseUrl);
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function main() {
  // Distinct seconds per agent, reused across its periods with a new seq and period (generating
  // histograms of up to 1,000 samples for every period would measure this script, not ingest).
  const TEMPLATES = 8;
  const templates = Array.from({ length: AGENTS }, () => Array.from({ length: TEMPLATES }, agentSecond));
  const seriesPerBatch = templates[0][0].length;
  const samples = templates
    .flat(2)
    .filter((p) => p.type === "trend")
    .map((p) => p.data.count);
  const bytes = JSON.stringify({ seq: 1, start: 0, end: 1000, points: templates[0][0] }).length;

  await withAdmin((c) =>
    c
      .query(`drop database if exists ${DATABASE} with (force)`)
      .then(() => c.query(`create database ${DATABASE}`)),
  );
  const url = new URL(baseUrl);
  url.pathname = `/${DATABASE}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: Number(options.pool) });
  try {
    await migrate(pool);
    const mode = await prepareMetricStore(pool, {
      hdrMode: options.hdr === "sql" ? "sql" : "auto",
      logger: { info: () => {} },
    });
    const start = Date.UTC(2026, 0, 1) - 3600_000;
    await ensureMetricPartitions(pool, { from: start, to: start + 2 * 86_400_000 });
    const agents = [];
    for (let r = 0; r < RUNS; r++) {
      const { rows } = await pool.query(
        `with org as (insert into organizations (name) values ('bench') returning id),
              project as (insert into projects (organization_id, name) select id, 'p' from org returning id, organization_id),
              test as (insert into load_tests (project_id, name) select id, 't' from project returning id),
              script as (insert into script_versions (load_test_id, version, script) select id, 1, '' from test returning id, load_test_id)
         insert into test_runs (organization_id, project_id, load_test_id, script_version_id)
         select project.organization_id, project.id, script.load_test_id, script.id from project, script returning id`,
      );
      const runId = Number(rows[0].id);
      const instances = await pool.query(
        `insert into run_instances (run_id, load_zone_id, segment, sequence)
         select $1, (select id from load_zones where name = 'local'), 'i' || n, 's' from generate_series(1, $2) as n returning id`,
        [runId, AGENTS / RUNS],
      );
      for (const row of instances.rows) agents.push({ runId, instanceId: Number(row.id) });
    }

    const latencies = [];
    let points = 0;
    const cpuBefore = process.cpuUsage();
    const began = performance.now();
    await Promise.all(
      agents.map(async (source, a) => {
        // Paced agents start spread over one interval, as real agents' clocks are.
        if (INTERVAL > 0) await new Promise((r) => setTimeout(r, (a / agents.length) * INTERVAL));
        for (let seq = 1; seq <= PERIODS; seq++) {
          const due = began + (a / agents.length) * INTERVAL + (seq - 1) * INTERVAL;
          if (INTERVAL > 0 && performance.now() < due)
            await new Promise((r) => setTimeout(r, due - performance.now()));
          const end = start + seq * 1000;
          const body = { seq, start: end - 1000, end, points: templates[a][seq % TEMPLATES] };
          const t = performance.now();
          await ingestBatch(pool, source, body);
          latencies.push(performance.now() - t);
          points += body.points.length;
        }
      }),
    );
    const seconds = (performance.now() - began) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    latencies.sort((x, y) => x - y);
    const size = await pool.query(
      "select pg_total_relation_size('metric_points_p20251231') + pg_total_relation_size('metric_points_p20260101') as points, pg_total_relation_size('metric_derived') as derived",
    );
    const parse = performance.now();
    for (let i = 0; i < 200; i++)
      JSON.parse(JSON.stringify({ seq: i, start: 0, end: 1000, points: templates[0][i % TEMPLATES] }));
    const parseMs = (performance.now() - parse) / 200;

    const fmt = (ms) => `${ms.toFixed(1)} ms`;
    console.log(
      `HDR mode ${mode}; ${AGENTS} agents in ${RUNS} run(s), ${PERIODS} periods each, pool ${options.pool}, ${INTERVAL > 0 ? `one batch per agent every ${INTERVAL} ms` : "each agent sends its next batch when answered"}`,
    );
    console.log(
      `batch: ${seriesPerBatch} series, ${samples.length / (AGENTS * TEMPLATES)} trends of ${Math.min(...samples)}..${Math.max(...samples)} samples, ${bytes} bytes of JSON`,
    );
    console.log(
      `ingested ${agents.length * PERIODS} batches, ${points} series-points in ${seconds.toFixed(2)} s`,
    );
    console.log(
      `throughput: ${Math.round(points / seconds)} series-points/s, ${Math.round((agents.length * PERIODS) / seconds)} batches/s`,
    );
    console.log(
      `node CPU during ingest: ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (${Math.round(((cpu.user + cpu.system) / 1e6 / seconds) * 100)}% of one core)`,
    );
    console.log(
      `ingestBatch latency: p50 ${fmt(percentile(latencies, 0.5))}, p95 ${fmt(percentile(latencies, 0.95))}, p99 ${fmt(percentile(latencies, 0.99))}, max ${fmt(latencies.at(-1))}`,
    );
    console.log(
      `storage: metric_points ${(Number(size.rows[0].points) / points).toFixed(0)} bytes per series-point with indexes; metric_derived ${(Number(size.rows[0].derived) / 1024).toFixed(0)} KB`,
    );
    console.log(
      `JSON.stringify + JSON.parse of one batch (not in the figures above): ${parseMs.toFixed(2)} ms`,
    );
  } finally {
    await pool.end();
    await withAdmin((c) => c.query(`drop database if exists ${DATABASE} with (force)`));
  }
}

await main();
