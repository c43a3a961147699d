// high-failure-rate: the system fails from the very start: 30% of the requests get a 500, as
// with a broken deployment or a test aimed at the wrong environment.
//
// Run:    barrage cloud -e BASE_URL=http://127.0.0.1:PORT examples/scripts/insights/high-failure-rate.js
// Expect: 5 VUs for 10 s, about 30% of the requests failing throughout. Insights:
//         http_load_high_http_failure_rate (more than 15% failed during the first 100
//         iterations) and best_practice_duration_too_short (the test ended less than 15 s after
//         its 100th iteration).
import { sleep } from "k6";
import http from "k6/http";

const BASE_URL = __ENV.BASE_URL || "http://127.0.0.1:3000";

export const options = { vus: 5, duration: "10s" };

export default async function () {
  await http.get(`${BASE_URL}/error?rate=0.3&status=500`);
  await sleep(0.05);
}
