// constant-vus: a fixed number of VUs loop for a duration. The closed model: each VU waits
// for its response (and its think time) before the next iteration, so the request rate
// follows the server's speed.
//
// Run:    barrage run -e BASE_URL=http://127.0.0.1:PORT examples/scripts/constant-vus.js
// Expect: 5 VUs for 3 s; each iteration takes ~0.3 s (5-20 ms request + 0.3 s sleep), so
//         about 45 iterations; thresholds pass; exit code 0.
import { check, sleep } from "k6";
import http from "k6/http";

const BASE_URL = __ENV.BASE_URL || "http://127.0.0.1:3000";

export const options = {
  vus: 5,
  duration: "3s",
  thresholds: {
    http_req_duration: ["p(95)<500"],
    checks: ["rate==1"],
  },
};

export default async function () {
  const res = await http.get(`${BASE_URL}/random?min=5&max=20`);
  check(res, { "status is 200": (r) => r.status === 200 });
  await sleep(0.3);
}
