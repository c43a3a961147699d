/**
 * Throughput at equal concurrency: autocannon, Artillery and Barrage take turns against the
 * same nginx, several rounds, each tool starting first in turn so none always meets a
 * fresher machine.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchScript, runBarrage } from "./barrage.mjs";
import { delay, LOAD_CPU, runPinned } from "./processes.mjs";
import { fmt, median, medianRatio, verdict } from "./stats.mjs";

const CONNECTIONS = 50;

/**
 * @typedef {object} ToolRun
 * @property {number} rps Requests per second at full concurrency.
 * @property {number} errors Failed requests and non-2xx responses.
 */

/**
 * @param {string} bin
 * @param {string} url
 * @param {number} seconds
 * @returns {Promise<ToolRun>}
 */
async function autocannon(bin, url, seconds) {
  const args = [bin, "-c", String(CONNECTIONS), "-d", String(seconds), "--json", url];
  const { stdout } = await runPinned(LOAD_CPU, process.execPath, args);
  const result = JSON.parse(stdout);
  return { rps: result.requests.total / result.duration, errors: result.errors + result.non2xx };
}

/**
 * Artillery's best configuration found here: all VUs arrive within one second, share one pool
 * of keep-alive connections (per-VU agents were slower in our trials), and loop back to back.
 * @param {string} bin
 * @param {string} url
 * @param {number} seconds
 * @returns {Promise<ToolRun>}
 */
async function artillery(bin, url, seconds) {
  const { origin, pathname } = new URL(url);
  const dir = mkdtempSync(join(tmpdir(), "barrage-bench-artillery-"));
  try {
    const config = {
      config: {
        target: origin,
        phases: [{ duration: 1, arrivalCount: CONNECTIONS }],
        http: { pool: CONNECTIONS },
        processor: fileURLToPath(new URL("./scripts/artillery-processor.cjs", import.meta.url)),
      },
      scenarios: [{ flow: [{ loop: [{ get: { url: pathname } }], whileTrue: "untilDeadline" }] }],
    };
    const script = join(dir, "throughput.yml");
    const report = join(dir, "report.json");
    writeFileSync(script, JSON.stringify(config));
    await runPinned(LOAD_CPU, process.execPath, [bin, "run", "--quiet", "--output", report, script], {
      env: { LOOP_SECONDS: String(seconds), ARTILLERY_DISABLE_TELEMETRY: "true" },
    });
    const { aggregate } = JSON.parse(readFileSync(report, "utf8"));
    const responses = aggregate.counters["http.responses"] ?? 0;
    // Every VU is busy for its session; responses per mean session is the rate at full concurrency.
    const sessionSeconds = aggregate.summaries["vusers.session_length"].mean / 1000;
    const ok = aggregate.counters["http.codes.200"] ?? 0;
    return { rps: responses / sessionSeconds, errors: (aggregate.counters["http.requests"] ?? 0) - ok };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * @param {string} url
 * @param {number} seconds
 * @returns {Promise<ToolRun>}
 */
async function barrage(url, seconds) {
  const { summary } = await runBarrage(benchScript("throughput.js"), {
    env: { URL: url },
    args: ["--vus", String(CONNECTIONS), "--duration", `${seconds}s`],
  });
  const failed = summary.metrics.http_req_failed;
  return { rps: summary.metrics.http_reqs.rate, errors: failed ? (failed.passes ?? 0) : 0 };
}

/**
 * @typedef {object} Tool
 * @property {string} name
 * @property {(url: string, seconds: number) => Promise<ToolRun>} run
 */

/**
 * Runs the rounds and prints each; returns the rows for the final table.
 * @param {{ url: string, rounds: number, seconds: number, peers: { autocannon: string, artillery: string }, withBarrage: boolean }} options
 */
export async function measureThroughput({ url, rounds, seconds, peers, withBarrage }) {
  /** @type {Tool[]} */
  const tools = [
    { name: "autocannon", run: (u, s) => autocannon(peers.autocannon, u, s) },
    { name: "artillery", run: (u, s) => artillery(peers.artillery, u, s) },
    ...(withBarrage ? [{ name: "barrage", run: barrage }] : []),
  ];
  /** @type {Map<string, number[]>} */
  const rps = new Map(tools.map((tool) => [tool.name, []]));
  const of = (/** @type {string} */ name) => rps.get(name) ?? [];
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < tools.length; i++) {
      const tool = /** @type {Tool} */ (tools[(round + i) % tools.length]);
      const run = await tool.run(url, seconds);
      of(tool.name).push(run.rps);
      const errors = run.errors > 0 ? `  (${run.errors} errors!)` : "";
      console.log(`  round ${round + 1}  ${tool.name.padEnd(10)} ${fmt(run.rps).padStart(8)} req/s${errors}`);
      // Let TIME_WAIT sockets and the target's CPU settle before the next tool.
      await delay(1000);
    }
  }
  const rows = tools.map((tool) => [
    "throughput",
    `${tool.name} req/s (median)`,
    fmt(median(of(tool.name))),
    "",
    "",
  ]);
  if (withBarrage) {
    const vsAutocannon = medianRatio(of("barrage"), of("autocannon"));
    const vsArtillery = medianRatio(of("barrage"), of("artillery"));
    rows.push(
      ["throughput", "barrage / autocannon", fmt(vsAutocannon, 2), ">= 0.8", verdict(vsAutocannon >= 0.8)],
      ["throughput", "barrage / artillery", fmt(vsArtillery, 1), ">= 10", verdict(vsArtillery >= 10)],
    );
  }
  return rows;
}
