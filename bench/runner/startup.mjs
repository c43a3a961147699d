/**
 * Start-up: how long from spawning `barrage run` until the target has seen the first request
 * of every one of N VUs, timed on the target's side so nothing the runner reports is trusted.
 */
import { fileURLToPath } from "node:url";
import { benchScript, runBarrage } from "./barrage.mjs";
import { spawnPinned, TARGET_CPU, waitForOutput } from "./processes.mjs";
import { fmt, median, verdict } from "./stats.mjs";

/** The clock the arrival target also uses, so both sides' instants compare. */
const now = () => performance.timeOrigin + performance.now();

/**
 * One start-up, against a fresh arrival target.
 * @param {number} vus
 */
async function startupOnce(vus) {
  const script = fileURLToPath(new URL("./arrival-target.mjs", import.meta.url));
  const target = spawnPinned(TARGET_CPU, process.execPath, [script]);
  try {
    const [, base] = await waitForOutput(target, /arrival target on (\S+)/);
    const spawnedAt = now();
    await runBarrage(benchScript("first-requests.js"), { env: { BASE_URL: String(base), VUS: String(vus) } });
    const arrivals =
      /** @type {{ setupAt: number | null, firstAt: number, lastFirstAt: number, distinct: number }} */ (
        await (await fetch(`${base}/arrivals`)).json()
      );
    if (arrivals.distinct !== vus) throw new Error(`the target saw ${arrivals.distinct} of ${vus} VUs`);
    return {
      firstFromSpawn: arrivals.firstAt - spawnedAt,
      fromSpawn: arrivals.lastFirstAt - spawnedAt,
      fromSetup: arrivals.setupAt === null ? Number.NaN : arrivals.lastFirstAt - arrivals.setupAt,
      setupAfterSpawn: arrivals.setupAt === null ? Number.NaN : arrivals.setupAt - spawnedAt,
    };
  } finally {
    target.child.kill("SIGTERM");
    await target.exited;
  }
}

/**
 * @param {{ vus: number, rounds: number }} options
 */
export async function measureStartup({ vus, rounds }) {
  const runs = [];
  for (let round = 0; round < rounds; round++) {
    const run = await startupOnce(vus);
    runs.push(run);
    console.log(
      `  round ${round + 1}  after spawn: setup() at ${fmt(run.setupAfterSpawn)} ms, first VU's request at ` +
        `${fmt(run.firstFromSpawn)} ms, last VU's first request at ${fmt(run.fromSpawn)} ms`,
    );
  }
  const fromSpawn = median(runs.map((r) => r.fromSpawn));
  const fromSetup = median(runs.map((r) => r.fromSetup));
  return [
    ["startup", `spawn -> setup() request, ms`, fmt(median(runs.map((r) => r.setupAfterSpawn))), "", ""],
    [
      "startup",
      `spawn -> 1st VU's first request, ms`,
      fmt(median(runs.map((r) => r.firstFromSpawn))),
      "",
      "",
    ],
    ["startup", `setup() -> ${vus}th VU's first request, ms`, fmt(fromSetup), "", ""],
    [
      "startup",
      `spawn -> ${vus}th VU's first request, ms`,
      fmt(fromSpawn),
      "<= 1000",
      verdict(fromSpawn <= 1000),
    ],
  ];
}
