// error-burst: one endpoint fails for a few seconds while the rest of the system is fine, as
// when a dependency of that endpoint restarts: "checkout" answers 503 to 80% of its requests
// from 8 s to 12 s into the test.
//
// Run:    barrage cloud -e BASE_URL=http://127.0.0.1:PORT examples/scripts/insights/error-burst.js
// Expect: 5 VUs for 18 s, each iteration a request to /fixed and one to "checkout"; failures
//         only on checkout between 8 s and 12 s. Insight: http_load_error_burst on the URL
//         checkout, most of its failures with status 503.
import { sleep } from "k6";
import exec from "k6/execution";
import http from "k6/http";

const BASE_URL = __ENV.BASE_URL || "http://127.0.0.1:3000";

export const options = { vus: 5, duration: "18s" };

export default async function () {
  const elapsed = exec.instance.currentTestRunDuration;
  const rate = elapsed >= 8000 && elapsed < 12000 ? 0.8 : 0;
  await http.get(`${BASE_URL}/fixed?ms=5`);
  await http.get(`${BASE_URL}/error?rate=${rate}&status=503`, { tags: { name: "checkout" } });
  await sleep(0.05);
}
