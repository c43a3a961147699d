// healthy: steady load on a service that copes, long enough to judge: the run the insights have
// nothing to say about. It is also a load test to compare later runs with: make one of its runs
// the baseline, then run it again against a slower service (MEDIAN_MS) to see the regression.
//
// Run:    barrage cloud -e BASE_URL=http://127.0.0.1:PORT examples/scripts/insights/healthy.js
// Expect: 5 VUs for 20 s, ~80 iterations a second, log-normal latencies around 10 ms, no
//         failures: no insight about the load, the failures or the script. Rerun with
//         -e MEDIAN_MS=20 -e DURATION=8s after setting the first run as the baseline:
//         http_load_latency_regression (p95 about twice the baseline's, critical).
import { sleep } from "k6";
import http from "k6/http";

const BASE_URL = __ENV.BASE_URL || "http://127.0.0.1:3000";
const MEDIAN_MS = __ENV.MEDIAN_MS || "10";

export const options = {
  vus: 5,
  // 100 iterations, then the 15 s the insights need after them, with room to spare.
  duration: __ENV.DURATION || "20s",
  // One load test whatever the file is called, so that reruns compare with its baseline.
  cloud: { name: "insights: healthy" },
};

export default async function () {
  await http.get(`${BASE_URL}/random?dist=lognormal&median=${MEDIAN_MS}&sigma=0.3`);
  await sleep(0.05);
}
