/**
 * Benchmark of metric ingest (see README.md). Simulated agents push real metric-stream documents
 * (the runner's pointToJson of period aggregates: 36 series per agent-second by default, trends of
 * 100 to 1,000 samples) through one or more paths, for `--seconds` each:
 *
 * - `https`: the real agent path. The platform's agent port (`startAgentServer` of @barrage/api) runs
 *   in a child process on its own pool; every simulated agent calls home with a bootstrap token and
 *   a CSR (the agent's own AgentKey and callHome), then POSTs `/agent/v1/metrics` over mutual TLS
 *   with the agent's own AgentClient (undici, one keep-alive connection per agent).
 * - `direct`: `ingestBatch(pool, source, document)` in this process (no HTTP, TLS or JSON.parse).
 * - `sql`: the SQL peer: the same rows (already validated, series known) inserted with nothing else
 *   (no claims, no series, no derived rows), by the platform's own `unnest` statement, by
 *   `COPY (FORMAT binary)`, by COPY without the second histogram form, and by COPY into an unlogged
 *   table without indexes. What the database alone absorbs on this machine.
 *
 * Prints series-points/s, batches/s, batch latency (p50/p95/p99/max), CPU per point of each process
 * and the ratio to the target of 100,000 series-points/s.
 *
 * Usage: node bench/ingest/run.mjs [--paths https,direct,sql] [--seconds 20] [--agents 64] [--runs 1]
 *          [--interval 0] [--pool 20] [--urls 3] [--statuses 200] [--group 64] [--hdr auto|sql]
 *          [--profile] [--statements] [--explain] [--api-dist DIR]
 *   --interval 0: each agent sends its next batch when answered (the ceiling); 1000: one per second.
 *   --profile: CPU profile of the agent port process over the measured window (inspector), summarized.
 *   --statements: times every SQL statement of the direct path by kind (wall time as the client sees it).
 *   --explain: EXPLAIN (ANALYZE, BUFFERS, WAL) of the statements of one steady-state group (direct path).
 *   --api-dist: another build of @barrage/api to measure (e.g. a patched copy; see README.md).
 * Needs: npm run build -w @barrage/hdr-native -w @barrage/runner -w @barrage/agent -w @barrage/api
 */
import { fork } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { documentJson, documentOf, makeTemplates } from "./batches.mjs";
import {
  createRunsAndInstances,
  databaseUrl,
  dropDatabase,
  int,
  latencyLine,
  machineCpu,
  ms,
  ORIGIN,
  percentile,
  postgresCpu,
  recreateDatabase,
  TARGET_POINTS_PER_SECOND,
} from "./common.mjs";
import { summarizeProfile } from "./profile-summary.mjs";
import { timeStatements } from "./statement-timer.mjs";

const { values: options } = parseArgs({
  options: {
    paths: { type: "string", default: "https,direct,sql" },
    seconds: { type: "string", default: "20" },
    agents: { type: "string", default: "64" },
    runs: { type: "string", default: "1" },
    interval: { type: "string", default: "0" },
    pool: { type: "string", default: "20" },
    urls: { type: "string", default: "3" },
    statuses: { type: "string", default: "200" },
    group: { type: "string", default: "64" },
    hdr: { type: "string", default: "auto" },
    profile: { type: "boolean", default: false },
    statements: { type: "boolean", default: false },
    explain: { type: "boolean", default: false },
    "api-dist": { type: "string" },
  },
});
const PATHS = options.paths.split(",").map((p) => p.trim());
const SECONDS = Number(options.seconds);
const AGENTS = Number(options.agents);
const RUNS = Number(options.runs);
const INTERVAL = Number(options.interval);
const POOL = Number(options.pool);
const GROUP = Number(options.group);
// Per process, so that runs side by side (and other work on the server) never share it.
const DATABASE = `barrage_bench_ingest_${process.pid}`;
const HERE = fileURLToPath(new URL(".", import.meta.url));
const RESULTS = join(HERE, "../results");
const API_DIST = (options["api-dist"] ?? join(HERE, "../../packages/api/dist")).replace(/\/$/, "");
const AGENT_DIST = join(HERE, "../../packages/agent/dist");

const api = await import(pathToFileURL(`${API_DIST}/index.js`).href);
const quiet = { info: () => {}, warn: () => {}, error: (m) => console.error(m) };

const templates = makeTemplates(AGENTS, {
  urls: Number(options.urls),
  statuses: options.statuses.split(","),
});
const SERIES = templates[0][0].points.length;
const rows = []; // the summary table

function header() {
  const trends = templates[0][0].points.filter((p) => p.type === "trend");
  const counts = templates
    .flat()
    .flatMap((t) => t.points.filter((p) => p.type === "trend").map((p) => p.data.count));
  console.log(
    `batch: ${SERIES} series (${trends.length} trends of ${Math.min(...counts)}..${Math.max(...counts)} samples), ${templates[0][0].json.length + 60} bytes of JSON; ${AGENTS} agents in ${RUNS} run(s); ${INTERVAL > 0 ? `one batch per agent every ${INTERVAL} ms` : "each agent sends its next batch when answered"}; ${SECONDS} s per path`,
  );
  console.log(`@barrage/api from ${API_DIST}`);
}

/**
 * Runs every agent for SECONDS: closed loop (INTERVAL 0) or paced (one batch every INTERVAL ms,
 * starts spread over the first interval). `send(agent, seq)` stores one batch.
 */
async function drive(agents, send) {
  const latencies = [];
  let points = 0;
  let batches = 0;
  let errors = 0;
  let firstError;
  const began = performance.now();
  const stopAt = began + SECONDS * 1000;
  await Promise.all(
    agents.map(async (agent, a) => {
      const offset = INTERVAL > 0 ? (a / agents.length) * INTERVAL : 0;
      for (let k = 0; ; k++) {
        const due = began + offset + k * INTERVAL;
        if (due >= stopAt || performance.now() >= stopAt) break;
        if (INTERVAL > 0 && performance.now() < due)
          await new Promise((r) => setTimeout(r, due - performance.now()));
        const seq = agent.seq++;
        const t = performance.now();
        try {
          await send(agent, seq);
          latencies.push(performance.now() - t);
          points += SERIES;
          batches++;
        } catch (error) {
          errors++;
          firstError ??= error;
        }
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  if (firstError) console.error(`${errors} batches failed; the first: ${firstError.stack ?? firstError}`);
  return { latencies, points, batches, errors, seconds };
}

/** Node CPU of this process, PostgreSQL CPU and the machine's load, around `work`. */
async function measured(pool, work) {
  const before = await storage(pool);
  const pgCpu = postgresCpu(pool, DATABASE);
  await pgCpu.begin();
  const machine = machineCpu();
  const own = process.cpuUsage();
  const result = await work();
  const ownUsed = process.cpuUsage(own);
  const pgUsed = await pgCpu.end();
  const machineNow = machineCpu();
  const after = await storage(pool);
  return {
    storage: { bytes: after.bytes - before.bytes, rows: after.rows - before.rows },
    ...result,
    ownCpu: (ownUsed.user + ownUsed.system) / 1e6,
    pgCpu: pgUsed,
    machineBusy: ((machineNow.busy - machine.busy) / (machineNow.total - machine.total)) * 2,
  };
}

/** Bytes of metric_points (partitions with their indexes) and its rows. */
async function storage(pool) {
  const { rows } = await pool.query(
    `select (select coalesce(sum(pg_total_relation_size(inhrelid)), 0) from pg_inherits where inhparent = 'metric_points'::regclass)::float8 as bytes,
            (select count(*) from metric_points)::float8 as n`,
  );
  return { bytes: rows[0].bytes, rows: rows[0].n };
}

function report(label, r, extra = {}) {
  const pps = r.points / r.seconds;
  const us = (cpuSeconds) => `${((cpuSeconds / r.points) * 1e6).toFixed(1)} µs`;
  console.log(
    `  ${int(r.batches)} batches, ${int(r.points)} series-points in ${r.seconds.toFixed(2)} s${r.errors ? `, ${r.errors} FAILED` : ""}`,
  );
  console.log(
    `  throughput: ${int(pps)} series-points/s, ${int(r.batches / r.seconds)} batches/s; ${(pps / TARGET_POINTS_PER_SECOND).toFixed(3)} of the 100,000/s target`,
  );
  console.log(
    `  batch latency (${extra.latencyWhat ?? "as the sender sees it"}): ${latencyLine(r.latencies)}`,
  );
  if (extra.serverLatencies)
    console.log(`  ingestBatch latency in the agent port: ${latencyLine(extra.serverLatencies)}`);
  const cpuParts = [];
  if (extra.platformCpu !== undefined)
    cpuParts.push(
      `agent port process ${us(extra.platformCpu)} (${Math.round((extra.platformCpu / r.seconds) * 100)}% of a core)`,
    );
  cpuParts.push(
    `${extra.ownLabel ?? "this process"} ${us(r.ownCpu)} (${Math.round((r.ownCpu / r.seconds) * 100)}%)`,
  );
  cpuParts.push(
    `PostgreSQL backends ${us(r.pgCpu.backends)} (${Math.round((r.pgCpu.backends / r.seconds) * 100)}%) + WAL/checkpoint/bgwriter ${us(r.pgCpu.shared)}`,
  );
  console.log(`  CPU per series-point: ${cpuParts.join("; ")}`);
  const ours = (extra.platformCpu ?? 0) + r.ownCpu + r.pgCpu.backends + r.pgCpu.shared;
  console.log(
    `  machine: ${r.machineBusy.toFixed(2)} of 2 cores busy, ${(ours / r.seconds).toFixed(2)} of them this benchmark's (the rest: other work)`,
  );
  if (r.storage)
    console.log(
      `  storage: ${Math.round(r.storage.bytes / r.storage.rows)} bytes per series-point stored (rows with their index, in this path)`,
    );
  rows.push([
    label,
    int(pps),
    int(r.batches / r.seconds),
    ms(
      percentile(
        [...r.latencies].sort((a, b) => a - b),
        0.5,
      ),
    ),
    ms(
      percentile(
        [...r.latencies].sort((a, b) => a - b),
        0.95,
      ),
    ),
    (pps / TARGET_POINTS_PER_SECOND).toFixed(3),
    // The platform's Node process (the agent port; this process for direct and sql) and PostgreSQL:
    // the simulated agents' own CPU is left out.
    `${((((extra.platformCpu ?? r.ownCpu) + r.pgCpu.backends + r.pgCpu.shared) / r.points) * 1e6).toFixed(0)} µs`,
  ]);
}

async function httpsPath(pool) {
  console.log(`\n== https: simulated agents -> agent port (mutual TLS) -> ingestBatch`);
  const { AgentKey } = await import(pathToFileURL(`${AGENT_DIST}/identity/index.js`).href);
  const { AgentClient, callHome } = await import(pathToFileURL(`${AGENT_DIST}/transport/index.js`).href);
  const caPems = await api.createCertificateAuthority({ commonName: "Bench platform CA" });
  let profileFile;
  if (options.profile) {
    mkdirSync(RESULTS, { recursive: true });
    profileFile = join(
      RESULTS,
      `ingest-agent-port-${new Date().toISOString().replace(/[:.]/g, "-")}.cpuprofile`,
    );
  }
  const config = {
    databaseUrl: databaseUrl(DATABASE),
    ca: caPems,
    pool: POOL,
    apiDist: API_DIST,
    profile: profileFile,
  };
  const child = fork(join(HERE, "agent-port.mjs"), [JSON.stringify(config)]);
  const replies = [];
  const waiters = [];
  child.on("message", (m) => (waiters.length ? waiters.shift()(m) : replies.push(m)));
  const reply = () => new Promise((r) => (replies.length ? r(replies.shift()) : waiters.push(r)));
  const exited = new Promise((r) => child.once("exit", r));
  try {
    const { url } = await reply();
    const sources = await createRunsAndInstances(pool, { agents: AGENTS, runs: RUNS });
    const agents = await Promise.all(
      sources.map(async (source, a) => {
        const key = await AgentKey.generate();
        const answer = await callHome(
          url,
          caPems.certificatePem,
          { token: source.token, csr: await key.csrPem() },
          {
            logger: quiet,
          },
        );
        const client = new AgentClient(
          url,
          { ca: caPems.certificatePem, cert: answer.certificate, key: key.tlsKeyPem() },
          { logger: quiet },
        );
        return { ...source, client, templates: templates[a], seq: 1 };
      }),
    );
    const send = (agent, seq) =>
      agent.client.sendMetrics(documentJson(agent.templates[seq % agent.templates.length], seq, ORIGIN));
    // Warm-up: every agent's first batch creates the series and derived rows.
    await Promise.all(agents.map((agent) => send(agent, agent.seq++)));
    child.send({ type: "mark" });
    const { cpu: platformBefore } = await reply();
    const r = await measured(pool, async () => {
      const result = await drive(agents, send);
      child.send({ type: "stop" });
      return { ...result, stop: await reply() };
    });
    await Promise.all(agents.map((agent) => agent.client.close()));
    child.send({ type: "exit" });
    await exited;
    report("https (agent port)", r, {
      latencyWhat: "agent's POST round trip",
      serverLatencies: r.stop.latencies,
      platformCpu: r.stop.cpu - platformBefore,
      ownLabel: "simulated agents",
    });
    if (profileFile) {
      console.log(`\n  CPU profile of the agent port process over the measured window: ${profileFile}`);
      summarizeProfile(profileFile, { indent: "  " });
    }
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

async function directPath(pool) {
  console.log(`\n== direct: ingestBatch(pool, source, document) in this process`);
  const sources = await createRunsAndInstances(pool, { agents: AGENTS, runs: RUNS });
  const agents = sources.map((source, a) => ({ ...source, templates: templates[a], seq: 1 }));
  // The agent port gives the zone of the agent's certificate too (points are tagged load_zone with it).
  const send = (agent, seq) =>
    api.ingestBatch(
      pool,
      { runId: agent.runId, instanceId: agent.instanceId, zone: "local" },
      documentOf(agent.templates[seq % agent.templates.length], seq, ORIGIN),
    );
  await Promise.all(agents.map((agent) => send(agent, agent.seq++)));
  const timer =
    options.statements || options.explain ? timeStatements(pg, { capture: options.explain }) : undefined;
  timer?.reset();
  const profiler = options.profile ? await startOwnProfile() : undefined;
  const r = await measured(pool, () => drive(agents, send));
  const profileFile = await profiler?.stop("ingest-direct");
  timer?.stop();
  report("direct ingestBatch", r, { latencyWhat: "ingestBatch" });
  if (profileFile) {
    console.log(`\n  CPU profile of this process over the measured window: ${profileFile}`);
    summarizeProfile(profileFile, { indent: "  " });
  }
  if (options.statements && timer) timer.print(r.points, "  ");
  if (options.explain && timer) await timer.explain(pool, "  ");
}

/** Profiles this process with the inspector until `stop(name)`, which writes bench/results/<name>-<time>.cpuprofile. */
async function startOwnProfile() {
  const { Session } = await import("node:inspector/promises");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 500 });
  await session.post("Profiler.start");
  return {
    async stop(name) {
      const { profile } = await session.post("Profiler.stop");
      session.disconnect();
      mkdirSync(RESULTS, { recursive: true });
      const file = join(RESULTS, `${name}-${new Date().toISOString().replace(/[:.]/g, "-")}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  };
}

/** The SQL peer: pre-validated rows of the same batches, only the points inserted. */
async function sqlPeer(pool) {
  console.log(
    `\n== sql peer: the same rows, points only (no claims, series or derived rows), groups of ${GROUP} batches, 2 writers`,
  );
  const { insertPoints } = await import(pathToFileURL(`${API_DIST}/metrics/ingest/insert-points.js`).href);
  // What insertPoints writes in each HDR mode: one binary COPY; the bucket arrays only on the fallback.
  const variants = [
    ["COPY binary, hdr_hist only (the platform under the extension)", "extension"],
    ["COPY binary, hdr_hist and bucket arrays (the platform on the SQL fallback)", "sql"],
  ];
  for (const [label, mode] of variants) {
    const sources = await createRunsAndInstances(pool, { agents: AGENTS, runs: RUNS });
    // Series and their ids, as ingest resolves them: the first batch of every agent (given without
    // a zone, so that the stored tags are the documents' own, as parseMetricBatch reads them here).
    await Promise.all(
      sources.map((s, a) =>
        api.ingestBatch(
          pool,
          { runId: s.runId, instanceId: s.instanceId },
          documentOf(templates[a][1], 1, ORIGIN),
        ),
      ),
    );
    const { rows: series } = await pool.query(
      `select id, run_id, metric, tags_key from metric_series where run_id = any($1::int8[])`,
      [[...new Set(sources.map((s) => s.runId))]],
    );
    const ids = new Map(series.map((s) => [`${s.run_id}\0${s.metric}\0${s.tags_key}`, Number(s.id)]));
    const agents = sources.map((source, a) => {
      const parsed = templates[a].map((t) => api.parseMetricBatch(documentOf(t, 1, ORIGIN)).points);
      return {
        ...source,
        parsed,
        seriesIds: parsed.map((points) =>
          points.map((p) => ids.get(`${source.runId}\0${p.metric}\0${p.tagsKey}`)),
        ),
        seq: 2,
      };
    });
    let next = 0;
    const takeGroup = () =>
      Array.from({ length: GROUP }, () => {
        const agent = agents[next++ % agents.length];
        const seq = agent.seq++;
        const t = seq % agent.parsed.length;
        const end = ORIGIN + seq * 1000;
        return { agent, points: agent.parsed[t], seriesIds: agent.seriesIds[t], start: end - 1000, end, seq };
      });
    const write = (client, group) =>
      insertPoints(
        client,
        group.map((g) => ({
          source: { runId: g.agent.runId, instanceId: g.agent.instanceId },
          batch: { seq: g.seq, start: g.start, end: g.end, points: g.points },
        })),
        group.map((g) => g.seriesIds),
        mode,
      );
    const r = await measured(pool, async () => {
      const latencies = [];
      let groups = 0;
      const began = performance.now();
      const stopAt = began + SECONDS * 1000;
      await Promise.all(
        [0, 1].map(async () => {
          const client = await pool.connect();
          try {
            while (performance.now() < stopAt) {
              const group = takeGroup();
              const t = performance.now();
              await client.query("begin");
              await write(client, group);
              await client.query("commit");
              latencies.push(performance.now() - t);
              groups++;
            }
          } finally {
            client.release();
          }
        }),
      );
      const seconds = (performance.now() - began) / 1000;
      return { latencies, points: groups * GROUP * SERIES, batches: groups * GROUP, errors: 0, seconds };
    });
    console.log(`- ${label}`);
    report(`sql peer: ${label}`, r, { latencyWhat: `transaction of ${GROUP} batches` });
  }
}

async function main() {
  header();
  await recreateDatabase(DATABASE);
  const pool = new pg.Pool({ connectionString: databaseUrl(DATABASE), max: POOL, idleTimeoutMillis: 0 });
  // An idle connection ended by the server (the database dropped at the end) is not a failure.
  pool.on("error", (error) => {
    if (error.code !== "57P01") console.error(`pool: ${error.message}`);
  });
  try {
    const { migrate } = await import(pathToFileURL(`${API_DIST}/db/migrate.js`).href);
    await migrate(pool);
    const mode = await api.prepareMetricStore(pool, {
      hdrMode: options.hdr === "sql" ? "sql" : "auto",
      logger: { info: () => {} },
    });
    console.log(`HDR mode ${mode}`);
    await api.ensureMetricPartitions(pool, { from: ORIGIN, to: ORIGIN + 2 * 86_400_000 });
    for (const path of PATHS) {
      if (path === "https") await httpsPath(pool);
      else if (path === "direct") await directPath(pool);
      else if (path === "sql") await sqlPeer(pool);
      else throw new Error(`unknown path ${path}: give https, direct or sql`);
    }
    const size = await pool.query(
      `select sum(pg_total_relation_size(c.oid))::float8 as bytes, (select count(*) from metric_points)::float8 as n
         from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'metric_points'::regclass`,
    );
    if (size.rows[0].n > 0) {
      const trend = await pool.query(
        `select avg(pg_column_size(p.*))::int as row, avg(pg_column_size(hdr_hist))::int as hist,
                avg(pg_column_size(hdr_idx))::int as idx, avg(pg_column_size(hdr_cnt))::int as cnt,
                avg(cardinality(hdr_idx))::int as buckets,
                count(*) filter (where pg_column_compression(hdr_cnt) is not null or pg_column_compression(hdr_idx) is not null)::float8 / nullif(count(*), 0) as compressed
           from metric_points p where trend_count is not null and hdr_idx is not null`,
      );
      const t = trend.rows[0];
      if (t.row)
        console.log(
          `\ntrend rows with both histogram forms: ${t.row} bytes stored on average: hdr_hist ${t.hist}, hdr_idx ${t.idx}, hdr_cnt ${t.cnt} (${t.buckets} buckets); ${Math.round(t.compressed * 100)}% of them with a compressed (TOASTed) array`,
        );
    }
    console.log("\nsummary (target 100,000 series-points/s on this machine)");
    const head = ["path", "points/s", "batches/s", "p50", "p95", "x target", "CPU/point (node + PG)"];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells) =>
      cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
    console.log(line(head));
    console.log(line(widths.map((w) => "-".repeat(w))));
    for (const r of rows) console.log(line(r));
  } finally {
    await pool.end();
    await dropDatabase(DATABASE);
  }
}

await main();
