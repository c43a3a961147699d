// ramping-arrival-rate: the start rate of iterations follows stages (open model). Use it to
// ramp a request rate up to a target and hold it, independent of response times.
//
// Run:    barrage run -e BASE_URL=http://127.0.0.1:PORT examples/scripts/ramping-arrival-rate.js
// Expect: the rate ramps 5 -> 30 iterations/s over 2 s, then holds 30/s for 2 s: the area
//         under the curve is (5+30)/2*2 + 30*2 = 95 iterations; none dropped; exit code 0.
import { check } from "k6";
import http from "k6/http";

const BASE_URL = __ENV.BASE_URL || "http://127.0.0.1:3000";

export const options = {
  scenarios: {
    ramp: {
      executor: "ramping-arrival-rate",
      startRate: 5,
      timeUnit: "1s",
      preAllocatedVUs: 5,
      maxVUs: 20,
      stages: [
        { duration: "2s", target: 30 },
        { duration: "2s", target: 30 },
      ],
    },
  },
  thresholds: {
    dropped_iterations: ["count==0"],
  },
};

export default async function () {
  const res = await http.get(`${BASE_URL}/fixed?ms=20`);
  check(res, { "status is 200": (r) => r.status === 200 });
}
