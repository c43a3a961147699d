// increased-failure-rate: the system answers well at first, then starts failing: from 5 s into
// the test, 40% of the requests get a 503, as when a dependency gives way under sustained load.
//
// Run:    barrage cloud -e BASE_URL=http://127.0.0.1:PORT examples/scripts/insights/increased-failure-rate.js
// Expect: 5 VUs for 18 s; no failures in the first 100 iterations (about 1 s), then about 40%
//         from 5 s to the end. Insight: http_load_increased_http_failure_rate (a period of 10 s or
//         more at least 10 points above the start's rate).
import { sleep } from "k6";
import exec from "k6/execution";
import http from "k6/http";

const BASE_URL = __ENV.BASE_URL || "http://127.0.0.1:3000";
const FAILING_FROM_MS = 5000;

export const options = { vus: 5, duration: "18s" };

export default async function () {
  const rate = exec.instance.currentTestRunDuration >= FAILING_FROM_MS ? 0.4 : 0;
  // One name for the endpoint, whatever its query string: otherwise each rate is a URL of its own.
  await http.get(`${BASE_URL}/error?rate=${rate}&status=503`, { tags: { name: "/error" } });
  await sleep(0.05);
}
