// shared-iterations: a fixed number of iterations shared by a pool of VUs; faster VUs take
// more of them. The executor for "run this exactly N times, as fast as these VUs can".
//
// Run:    barrage run -e BASE_URL=http://127.0.0.1:PORT examples/scripts/shared-iterations.js
// Expect: exactly 40 iterations and 40 requests by 5 VUs in well under a second; the check
//         passes every time; exit code 0.
import { check } from "k6";
import http from "k6/http";

const BASE_URL = __ENV.BASE_URL || "http://127.0.0.1:3000";

export const options = {
  scenarios: {
    batch: { executor: "shared-iterations", vus: 5, iterations: 40, maxDuration: "10s" },
  },
};

export default async function () {
  const res = await http.get(`${BASE_URL}/fixed?ms=10`);
  check(res, { "status is 200": (r) => r.status === 200 });
}
