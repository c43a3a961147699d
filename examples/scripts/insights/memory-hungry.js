// memory-hungry: a test that keeps a large buffer per VU (a big payload, a cache of responses)
// fills its load generator's memory; near the limit the agent is swapped or killed, and its
// numbers stop meaning anything. Keep per-VU data small, or give the agents more memory.
//
// Run:    barrage cloud -e BASE_URL=http://127.0.0.1:PORT examples/scripts/insights/memory-hungry.js
//         (needs a private load zone "lab" with one `barrage agent --memory-limit 300MB`)
// Expect: 1 VU for 14 s holding a 260 MB buffer; every request 200. Insight:
//         health_high_loadgen_mem_usage (the agent above 90% of its 300 MB for more than 10 s).
import { sleep } from "k6";
import http from "k6/http";

const BASE_URL = __ENV.BASE_URL || "http://127.0.0.1:3000";
const MEGABYTES = Number(__ENV.BALLAST_MB || 260);

export const options = {
  vus: 1,
  duration: "14s",
  cloud: { distribution: { lab: { loadZone: __ENV.ZONE || "lab", percent: 100 } } },
};

// Allocated in the first iteration, not in the init context, which the platform also runs to
// validate the script.
let ballast;

export default async function () {
  if (!ballast) ballast = new Uint8Array(MEGABYTES * 1e6).fill(7);
  await http.get(`${BASE_URL}/fixed?ms=5`);
  await sleep(0.1);
}
