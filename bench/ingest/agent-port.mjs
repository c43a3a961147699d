/**
 * The platform side of the ingest benchmark's HTTPS path, in its own process (as in production, and
 * so that `node --cpu-prof` profiles the platform alone): the real agent port of @barrage/api
 * (`startAgentServer`) on a pool of the benchmark's database. Started by run.mjs with an IPC
 * channel; it answers:
 *
 * - at start: `{ready, url}` once listening;
 * - `{type: "mark"}`: the CPU used so far and forgets the latencies seen so far (the warm-up);
 * - `{type: "stop"}`: CPU used and the server-side `ingestBatch` latencies (and writes the CPU
 *   profile of the time since "mark", when `profile` names a file);
 * - `{type: "exit"}`: closes the port and the pool, and exits.
 *
 * Its one argument is JSON: `{databaseUrl, ca (the CA's PEMs), pool (connections), apiDist (the
 * @barrage/api build to load; packages/api/dist by default), profile (a file, or none)}`.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { pathToFileURL } from "node:url";
import pg from "pg";

const config = JSON.parse(process.argv[2] ?? "{}");
const apiDist = config.apiDist ?? new URL("../../packages/api/dist/", import.meta.url).pathname;
const api = await import(pathToFileURL(`${apiDist.replace(/\/$/, "")}/index.js`).href);

const pool = new pg.Pool({
  connectionString: config.databaseUrl,
  max: config.pool ?? 20,
  idleTimeoutMillis: 0,
});
pool.on("error", (error) => {
  if (error.code !== "57P01") console.error(`agent port pool: ${error.message}`);
});
await api.prepareMetricStore(pool, { logger: { info: () => {} } });
const ca = await api.loadCertificateAuthority(config.ca);

let latencies = [];
const server = await api.startAgentServer({
  pool,
  ca,
  objectStore: new api.LocalDirectoryObjectStore("/tmp/barrage-bench-ingest-objects"),
  host: "127.0.0.1",
  port: 0,
  // The default ingest (`ingestBatch(pool, source, body)`), timed.
  ingest: async (source, body) => {
    const t = performance.now();
    const result = await api.ingestBatch(pool, source, body);
    latencies.push(performance.now() - t);
    return result;
  },
  logger: { info: () => {}, warn: (m) => console.error(m), error: (m) => console.error(m) },
});

const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

// The profile covers the measured window only (not start-up, call-home and warm-up).
const profiler = config.profile ? new Session() : undefined;
async function startProfile() {
  if (!profiler) return;
  profiler.connect();
  await profiler.post("Profiler.enable");
  await profiler.post("Profiler.setSamplingInterval", { interval: 500 });
  await profiler.post("Profiler.start");
}
async function stopProfile() {
  if (!profiler) return;
  const { profile } = await profiler.post("Profiler.stop");
  writeFileSync(config.profile, JSON.stringify(profile));
  profiler.disconnect();
}

process.on("message", async (message) => {
  if (message.type === "mark") {
    latencies = [];
    await startProfile();
    process.send({ type: "mark", cpu: cpu() });
  } else if (message.type === "stop") {
    await stopProfile();
    process.send({ type: "stop", cpu: cpu(), latencies });
  } else if (message.type === "exit") {
    await server.close();
    await pool.end();
    process.disconnect();
  }
});
process.send({ type: "ready", url: server.url });
