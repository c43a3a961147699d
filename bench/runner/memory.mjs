/**
 * Memory per VU: the resident memory of the process holding the VUs with many idle VUs
 * (each with its keep-alive connection) against one VU, and the same difference for a bare
 * Node process that only holds the connections: the floor any Node load generator pays.
 */
import { fileURLToPath } from "node:url";
import { benchScript, runBarrage } from "./barrage.mjs";
import { delay, LOAD_CPU, rssKb, sampleHeaviest, spawnPinned, waitForOutput } from "./processes.mjs";
import { fmt, median, verdict } from "./stats.mjs";

/** The idle VUs' run; its second half is where RSS has plateaued. */
const HOLD_SECONDS = 20;

/**
 * RSS of a bare Node process holding `count` keep-alive connections, once all are open.
 * @param {string} url
 * @param {number} count
 */
async function bareNodeKb(url, count) {
  const script = fileURLToPath(new URL("./hold-connections.mjs", import.meta.url));
  const holder = spawnPinned(LOAD_CPU, process.execPath, [script, url, String(count)]);
  try {
    const [, held] = await waitForOutput(holder, /^ready (\d+)$/m);
    if (Number(held) !== count) throw new Error(`bare Node held ${held} connections, expected ${count}`);
    const samples = [];
    for (let i = 0; i < 15; i++) {
      await delay(200);
      samples.push(rssKb(/** @type {number} */ (holder.child.pid)) ?? Number.NaN);
    }
    return median(samples);
  } finally {
    holder.child.kill("SIGKILL");
    await holder.exited;
  }
}

/**
 * Plateau RSS of the process holding `vus` idle Barrage VUs: the median over the run's second
 * half of the heaviest process in the CLI's tree (the CLI itself, or the runner it spawned).
 * @param {string} url
 * @param {number} vus
 */
async function barrageKb(url, vus) {
  const { summary, watched } = await runBarrage(benchScript("idle-vus.js"), {
    env: { URL: url, VUS: String(vus), DURATION: `${HOLD_SECONDS}s` },
    watch: (pid, exited) => sampleHeaviest(pid, exited, 250),
  });
  const samples = watched ?? [];
  const requests = summary.metrics.http_reqs?.count ?? 0;
  if (requests < vus) throw new Error(`only ${requests} of ${vus} idle VUs made their request`);
  const plateau = samples.slice(Math.floor(samples.length / 2));
  const pids = [...new Set(plateau.map((s) => s.pid))];
  return { kb: median(plateau.map((s) => s.kb)), peakKb: Math.max(...samples.map((s) => s.kb)), pids };
}

/**
 * @param {{ url: string, vus: number, withBarrage: boolean }} options
 */
export async function measureMemory({ url, vus, withBarrage }) {
  const perVu = (/** @type {number} */ many, /** @type {number} */ one) => (many - one) / (vus - 1);
  const bareOne = await bareNodeKb(url, 1);
  const bareMany = await bareNodeKb(url, vus);
  const bare = perVu(bareMany, bareOne);
  console.log(`  bare Node: 1 connection ${fmt(bareOne)} KB, ${vus} connections ${fmt(bareMany)} KB`);
  const rows = [["memory", `bare Node KB per keep-alive connection`, fmt(bare, 1), "", ""]];
  if (withBarrage) {
    const one = await barrageKb(url, 1);
    const many = await barrageKb(url, vus);
    const barrage = perVu(many.kb, one.kb);
    console.log(
      `  barrage: 1 VU ${fmt(one.kb)} KB, ${vus} VUs ${fmt(many.kb)} KB (peak ${fmt(many.peakKb)} KB, pid ${many.pids.join(",")})`,
    );
    rows.push(
      ["memory", `barrage RSS, 1 VU / ${vus} VUs (KB)`, `${fmt(one.kb)} / ${fmt(many.kb)}`, "", ""],
      ["memory", "barrage KB per VU", fmt(barrage, 1), "<= 50", verdict(barrage <= 50)],
      ["memory", "barrage / bare Node per VU", fmt(barrage / bare, 1), "", ""],
    );
  }
  return rows;
}
