// per-vu-iterations: every VU runs the same number of iterations, whatever the others do.
// Use it when each VU stands for one user who must go through a journey N times.
//
// Run:    barrage run -e BASE_URL=http://127.0.0.1:PORT examples/scripts/per-vu-iterations.js
// Expect: 4 VUs x 5 iterations = 20 iterations; each VU sees __ITER go 0..4 (the check
//         passes every time); exit code 0.
import { check } from "k6";
import exec from "k6/execution";
import http from "k6/http";

const BASE_URL = __ENV.BASE_URL || "http://127.0.0.1:3000";

export const options = {
  scenarios: {
    journeys: { executor: "per-vu-iterations", vus: 4, iterations: 5, maxDuration: "10s" },
  },
};

export default async function () {
  const res = await http.get(`${BASE_URL}/random?min=2&max=10`);
  check(res, {
    "status is 200": (r) => r.status === 200,
    "iteration within this VU's 5": () => __ITER < 5 && exec.vu.iterationInScenario === __ITER,
  });
}
