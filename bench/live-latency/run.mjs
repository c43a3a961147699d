/**
 * Agent-to-subscriber latency of live metrics (see README.md): a real cloud run through the
 * one-process platform (`startPlatform` of @barrage/api on a fresh database), local agents loading a
 * local HTTP target, and a graphql-ws client subscribed to `testRunMetrics`. For every metric batch
 * an agent sends, the time from its arrival at the agent port to the subscriber receiving an update
 * whose bucket includes that batch; and from the period's end (the agent's clock) to the same update.
 * Prints p50/p95/max and the ratio to the 1.5 s target.
 *
 * Usage: node bench/live-latency/run.mjs [--seconds 20] [--vus 10] [--agents 2] [--sleep 0.1]
 *          [--metrics vus,http_reqs,http_req_duration,http_req_failed]
 *          [--background-agents 0] [--background-urls 3]
 *   --background-agents N: meanwhile, N simulated agents of another run each POST one batch per
 *   second (the ingest benchmark's documents, 36 series with 3 URLs) to the same agent port, so
 *   that the latency is measured while the platform ingests N x 36 series-points per second.
 * Needs: npm run build (runner, agent, providers and api built).
 */
import { fork } from "node:child_process";
import diagnostics from "node:diagnostics_channel";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { createRunsAndInstances } from "../ingest/common.mjs";

const { values: options } = parseArgs({
  options: {
    seconds: { type: "string", default: "20" },
    vus: { type: "string", default: "10" },
    agents: { type: "string", default: "2" },
    sleep: { type: "string", default: "0.1" },
    metrics: { type: "string", default: "vus,http_reqs,http_req_duration,http_req_failed" },
    "background-agents": { type: "string", default: "0" },
    "background-urls": { type: "string", default: "3" },
  },
});
const SECONDS = Number(options.seconds);
const VUS = Number(options.vus);
const AGENTS = Number(options.agents);
const BACKGROUND = Number(options["background-agents"]);
const TARGET_MS = 1500;
const DATABASE = "barrage_bench_live";
const HERE = fileURLToPath(new URL(".", import.meta.url));
const API_DIST = join(HERE, "../../packages/api/dist");

const api = await import(pathToFileURL(join(API_DIST, "index.js")).href);
const { identifyAgent } = await import(pathToFileURL(join(API_DIST, "agents/ca/index.js")).href);

// ---------------------------------------------------------------------------------------------
// The agent port, observed: every POST /agent/v1/metrics is timestamped when its headers are
// parsed (Node's `http.server.request.start` diagnostics channel, published before the request
// reaches the platform's handler) and again when its answer is sent (`http.server.response.finish`:
// the batch was stored and committed). The agent is read from the TLS client certificate (once per
// connection) and seq/start/end from the first bytes of the body, seen by wrapping the request's
// own `push` (the parser hands the body to it): nothing of the platform's code or flow changes.
const arrivals = []; // { instanceId, seq, start, end, arrived, answered, status }
const byRequest = new WeakMap();
const agentOfSocket = new WeakMap();
diagnostics.subscribe("http.server.request.start", ({ request, socket }) => {
  if (request.method !== "POST" || request.url !== "/agent/v1/metrics") return;
  const arrived = Date.now();
  let instanceId = agentOfSocket.get(socket);
  if (instanceId === undefined) {
    try {
      instanceId = Number(identifyAgent(socket.getPeerCertificate()).instanceId);
    } catch {
      instanceId = -1;
    }
    agentOfSocket.set(socket, instanceId);
  }
  const record = { instanceId, seq: undefined, start: undefined, end: undefined, arrived };
  byRequest.set(request, record);
  const push = request.push;
  let head = "";
  request.push = function (chunk, encoding) {
    if (chunk && record.seq === undefined && head.length < 512) {
      head += chunk.toString("latin1", 0, Math.min(chunk.length, 512));
      const m = /^\{"seq":(\d+),"start":(\d+),"end":(\d+)/.exec(head);
      if (m) [record.seq, record.start, record.end] = [Number(m[1]), Number(m[2]), Number(m[3])];
    }
    return push.call(this, chunk, encoding);
  };
  arrivals.push(record);
});
diagnostics.subscribe("http.server.response.finish", ({ request, response }) => {
  const record = byRequest.get(request);
  if (!record) return;
  record.answered = Date.now();
  record.status = response.statusCode;
});

// ---------------------------------------------------------------------------------------------

async function admin(sql) {
  const url = new URL(process.env.DATABASE_URL ?? "postgres://root@127.0.0.1:5432/postgres");
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function databaseUrl() {
  const url = new URL(process.env.DATABASE_URL ?? "postgres://root@127.0.0.1:5432/postgres");
  url.pathname = `/${DATABASE}`;
  return url.toString();
}

async function graphql(url, token, query, variables) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const answer = await response.json();
  if (answer.errors) throw new Error(`GraphQL: ${JSON.stringify(answer.errors)}`);
  return answer.data;
}

function percentile(sorted, q) {
  return sorted.length
    ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]
    : NaN;
}
const ms = (v) => (Number.isFinite(v) ? `${Math.round(v)} ms` : "n/a");
function line(values) {
  const s = [...values].sort((a, b) => a - b);
  return `p50 ${ms(percentile(s, 0.5))}, p95 ${ms(percentile(s, 0.95))}, max ${ms(s.at(-1))} (${s.length} batches)`;
}

async function main() {
  const stateDir = await mkdtemp(join(tmpdir(), "barrage-bench-live-"));
  await admin(`drop database if exists ${DATABASE} with (force)`);
  await admin(`create database ${DATABASE}`);
  const pool = new pg.Pool({ connectionString: databaseUrl(), max: 4 });
  const outside = fork(join(HERE, "outside.mjs"));
  const messages = [];
  let onMessage;
  outside.on("message", (m) => {
    messages.push(m);
    onMessage?.(m);
  });
  const waitFor = (type, timeoutMs) =>
    new Promise((resolve, reject) => {
      const found = messages.find((m) => m.type === type);
      if (found) return resolve(found);
      const timer = setTimeout(
        () => reject(new Error(`no ${type} from the subscriber within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const previous = onMessage;
      onMessage = (m) => {
        previous?.(m);
        if (m.type === type || m.type === "error") {
          clearTimeout(timer);
          if (m.type === "error") reject(new Error(`subscription failed: ${m.message}`));
          else resolve(m);
        }
      };
    });
  let platform;
  let background;
  let backgroundBegan;
  const log = [];
  const notifications = new Map(); // "instance/seq" -> Date.now() when the bench's LISTEN got it
  const listener = new pg.Client({ connectionString: databaseUrl() });
  try {
    const { url: targetUrl } = await waitFor("target", 10_000);
    // Migrated and the default organization made here, so that its admin token is ours rather
    // than printed; startPlatform then finds both done.
    const { migrate } = await import(pathToFileURL(join(API_DIST, "db/migrate.js")).href);
    await migrate(pool);
    const organization = await api.ensureDefaultOrganization(pool, () => {});
    if (!organization.created) throw new Error("the fresh database already had an organization");
    const token = organization.adminToken;
    // The built-in local zone runs up to 1,000 VUs per agent; fewer here so that the run gets AGENTS agents.
    await pool.query(
      `update load_zones set vus_per_agent = $1 where name = 'local' and organization_id is null`,
      [Math.ceil(VUS / AGENTS)],
    );
    platform = await api.startPlatform({
      databaseUrl: databaseUrl(),
      stateDir,
      port: 0,
      agentPort: 0,
      log: (l) => log.push(l),
    });

    await listener.connect();
    listener.on("notification", (n) => {
      const at = Date.now();
      const { instanceId, seq } = JSON.parse(n.payload);
      notifications.set(`${instanceId}/${seq}`, at);
    });
    await listener.query(`listen ${api.METRICS_CHANNEL}`);

    if (BACKGROUND > 0) {
      const agents = await createRunsAndInstances(pool, { agents: BACKGROUND, runs: 1 });
      background = fork(join(HERE, "background.mjs"));
      const started = new Promise((resolve, reject) => {
        background.once("message", resolve);
        background.once("exit", () => reject(new Error("the background agents' process ended")));
      });
      background.send({
        type: "start",
        url: platform.agentUrl,
        caPem: await readFile(join(stateDir, "ca", "ca.pem"), "utf8"),
        agents: agents.map(({ token }) => ({ token })),
        urls: Number(options["background-urls"]),
      });
      await started;
      backgroundBegan = Date.now();
    }

    const { projects } = await graphql(
      platform.url,
      token,
      `query { projects(first: 10) { edges { node { id name } } } }`,
    );
    const projectId = projects.edges[0].node.id;
    const script = `import http from "k6/http";
import { sleep } from "k6";
export const options = { scenarios: { live: { executor: "constant-vus", vus: ${VUS}, duration: "${SECONDS}s" } } };
export default async function () {
  await http.get(\`\${__ENV.TARGET}/\`);
  await sleep(${Number(options.sleep)});
}
`;
    const { createTestRun } = await graphql(
      platform.url,
      token,
      `mutation ($input: CreateTestRunInput!) { createTestRun(input: $input) { id status } }`,
      {
        input: {
          projectId,
          loadTestName: "live-latency",
          script,
          env: [{ name: "TARGET", value: targetUrl }],
        },
      },
    );
    const created = Date.now();
    outside.send({
      type: "subscribe",
      url: platform.url,
      token,
      runId: createTestRun.id,
      metrics: options.metrics.split(","),
    });
    await waitFor("update", 30_000);
    console.log(
      `run ${createTestRun.id}: ${VUS} VUs on ${AGENTS} local agents for ${SECONDS} s, each VU: GET then sleep ${options.sleep} s; subscribed to testRunMetrics(${options.metrics})`,
    );
    await waitFor("complete", (SECONDS + 180) * 1000);
    const { rows: runRows } = await pool.query(
      `select t.id, t.status, t.status_reason from test_runs t join load_tests l on l.id = t.load_test_id
        where l.name = 'live-latency' order by t.id desc limit 1`,
    );
    const run = runRows[0];
    console.log(
      `run ended ${run.status} after ${((Date.now() - created) / 1000).toFixed(1)} s from createTestRun`,
    );
    if (run.status !== "FINISHED")
      throw new Error(`the run did not finish: ${run.status}: ${run.status_reason}`);

    if (background) {
      const stopped = new Promise((resolve) => background.once("message", resolve));
      background.send({ type: "stop" });
      const b = await stopped;
      const seconds = (Date.now() - backgroundBegan) / 1000;
      const sorted = b.latencies.sort((x, y) => x - y);
      console.log(
        `background: ${BACKGROUND} agents of another run, ${Math.round(b.points / seconds)} series-points/s (${Math.round(b.batches / seconds)} batches/s), POST p50 ${ms(percentile(sorted, 0.5))} p95 ${ms(percentile(sorted, 0.95))}${b.failed ? `, ${b.failed} FAILED` : ""}`,
      );
    }
    const { rows: instanceRows } = await pool.query(`select id from run_instances where run_id = $1`, [
      run.id,
    ]);
    const ours = new Set(instanceRows.map((r) => Number(r.id)));

    // What each batch added to its http_reqs bucket, as stored.
    const { rows: stored } = await pool.query(
      `select p.instance_id, (extract(epoch from p.ts) * 1000)::float8 as end_ms, p.period_ms, sum(p.counter_sum)::float8 as reqs
         from metric_points p join metric_series s on s.id = p.series_id
        where s.run_id = $1 and s.metric = 'http_reqs' and p.run_id = $1
        group by 1, 2, 3`,
      [run.id],
    );
    const reqsOf = new Map(stored.map((r) => [`${r.instance_id}/${Math.round(r.end_ms)}`, r.reqs]));
    const { rows: claimed } = await pool.query(
      `select instance_id, seq, points from metric_batches where run_id = $1`,
      [run.id],
    );
    const pointsOf = new Map(claimed.map((r) => [`${r.instance_id}/${r.seq}`, r.points]));
    analyse(
      arrivals.filter((a) => a.seq !== undefined && ours.has(a.instanceId)),
      messages.filter((m) => m.type === "update"),
      notifications,
      reqsOf,
      pointsOf,
    );
  } catch (error) {
    console.error(log.slice(-20).join("\n"));
    throw error;
  } finally {
    outside.send({ type: "exit" });
    if (background?.connected) background.kill();
    await listener.end().catch(() => {});
    await platform?.close();
    await pool.end();
    await admin(`drop database if exists ${DATABASE} with (force)`);
    await rm(stateDir, { recursive: true, force: true });
  }
}

/**
 * Per bucket (1 s, by the period's midpoint, as the subscription buckets it), the batches in the
 * order they were committed (the order of their notifications) and the running total of http_reqs
 * they bring: batch k is in an update once the update's bucket sum reaches the total of the first k
 * (every batch with requests adds to it, so no earlier state has that total). A batch that added
 * nothing to http_reqs (no request in its period) is timed by the first update received after its
 * commit that carries its bucket in any metric; a batch without points is left out.
 */
function analyse(batches, updates, notifications, reqsOf, pointsOf) {
  const bucketOf = (b) => Math.floor((b.start + b.end) / 2 / 1000) * 1000;
  const buckets = new Map();
  let empty = 0;
  for (const b of batches) {
    if (b.status !== 200) continue;
    // A batch without points (an agent's last, after its VUs stopped) has nothing to show.
    if (pointsOf.get(`${b.instanceId}/${b.seq}`) === 0) {
      empty++;
      continue;
    }
    b.committed = notifications.get(`${b.instanceId}/${b.seq}`);
    b.reqs = reqsOf.get(`${b.instanceId}/${b.end}`) ?? 0;
    const key = bucketOf(b);
    if (!buckets.has(key)) buckets.set(key, []);
    buckets.get(key).push(b);
  }
  // The updates that carried each bucket, in the order received.
  const seen = new Map();
  for (const u of updates) {
    const sums = new Map(u.buckets);
    for (const time of u.times) {
      if (!seen.has(time)) seen.set(time, []);
      seen.get(time).push({ at: u.at, sum: sums.get(time) ?? 0 });
    }
  }
  const fromArrival = [];
  const fromEnd = [];
  const ingest = [];
  const afterCommit = [];
  const sendDelay = [];
  let missing = 0;
  let noRequests = 0;
  for (const [time, list] of buckets) {
    list.sort((a, b) => (a.committed ?? Infinity) - (b.committed ?? Infinity));
    let total = 0;
    for (const b of list) {
      total += b.reqs;
      const carried = seen.get(time) ?? [];
      const update =
        b.reqs > 0
          ? carried.find((u) => u.sum >= total - 1e-9 && u.at >= b.arrived)
          : carried.find((u) => b.committed !== undefined && u.at >= b.committed);
      if (b.reqs === 0) noRequests++;
      if (!update) {
        missing++;
        continue;
      }
      fromArrival.push(update.at - b.arrived);
      fromEnd.push(update.at - b.end);
      sendDelay.push(b.arrived - b.end);
      if (b.answered) ingest.push(b.answered - b.arrived);
      if (b.committed) afterCommit.push(update.at - b.committed);
    }
  }
  const total = [...buckets.values()].reduce((a, l) => a + l.length, 0);
  const agents = new Set(batches.map((b) => b.instanceId)).size;
  console.log(
    `\n${total} batches with points stored from ${agents} agents (${noRequests} without requests, timed by the first update after their commit; ${empty} empty ones left out), ${updates.length} subscription updates`,
  );
  console.log(`batch arrival at the agent port -> subscriber has it: ${line(fromArrival)}`);
  console.log(`period end (agent clock)        -> subscriber has it: ${line(fromEnd)}`);
  console.log(`  of which arrival -> answered (validated, stored, committed): ${line(ingest)}`);
  console.log(`  of which commit notified -> subscriber has it:               ${line(afterCommit)}`);
  console.log(`period end -> arrival at the agent port (agent flush + send): ${line(sendDelay)}`);
  if (missing) console.log(`  ${missing} batches never seen in an update (counted nowhere above)`);
  const p95 = percentile(
    [...fromArrival].sort((a, b) => a - b),
    0.95,
  );
  const p95End = percentile(
    [...fromEnd].sort((a, b) => a - b),
    0.95,
  );
  console.log(
    `\np95 arrival -> subscriber ${ms(p95)}: ${(p95 / TARGET_MS).toFixed(2)} of the 1.5 s target (${p95 <= TARGET_MS ? "met" : "MISSED"}); from period end ${ms(p95End)}: ${(p95End / TARGET_MS).toFixed(2)}`,
  );
}

await main();
process.exit(0);
