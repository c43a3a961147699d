// throughput-limit: VUs ramp up against a server with a fixed number of workers (/saturate).
// Requests per second grow with the VUs until every worker is busy, then stay flat while the
// extra VUs only wait in the server's queue, and the response time climbs with that queue.
//
// Run:    barrage cloud -e BASE_URL=http://127.0.0.1:PORT examples/scripts/insights/throughput-limit.js
// Expect: VUs ramp 1 -> 10 over 8 s, then to 30 over 10 s; throughput levels off near 200
//         requests/s (5 workers x 25 ms each) from about 5 VUs on, while p95 climbs from ~25 ms
//         to ~150 ms. Insights: http_load_throughput_limit (the knee near 5 VUs) and
//         http_load_response_time_grows_with_load.
import http from "k6/http";

const BASE_URL = __ENV.BASE_URL || "http://127.0.0.1:3000";

export const options = {
  scenarios: {
    ramp: {
      executor: "ramping-vus",
      startVUs: 1,
      // Slowly through the low levels, so the curve has points on both sides of the knee.
      stages: [
        { duration: "8s", target: 10 },
        { duration: "10s", target: 30 },
      ],
      gracefulRampDown: "0s",
    },
  },
};

export default async function () {
  await http.get(`${BASE_URL}/saturate?capacity=5&ms=25`);
}
